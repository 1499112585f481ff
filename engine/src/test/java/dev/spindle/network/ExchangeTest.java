package dev.spindle.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.core.JobId;
import dev.spindle.types.Types;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Record writer, buffers, subpartitions, gate and deserializer working together. */
class ExchangeTest {
    private static final JobId JOB = JobId.generate();

    private static String randomString(Random r, int maxLen) {
        int len = r.nextInt(maxLen);
        StringBuilder b = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            b.append((char) (r.nextInt(10) == 0 ? 0x4E00 + r.nextInt(100) : 'a' + r.nextInt(26)));
        }
        return b.toString();
    }

    @Test
    void recordsOfAnySizeCrossBufferBoundariesIntact() throws Exception {
        ResultPartition partition = new ResultPartition(new PartitionId(JOB, 1, 0), 1, new BufferPool(4, 128));
        RecordWriter<String> writer = new RecordWriter<>(
                partition,
                ChannelSelector.forward(),
                Types.STRING.createSerializer(getClass().getClassLoader()),
                false);
        Random r = new Random(1);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            sent.add(randomString(r, i % 50 == 0 ? 1000 : 60)); // some records span many 128-byte buffers
        }
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try {
                for (String s : sent) {
                    writer.emit(s);
                }
                writer.finish();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        List<String> received = consume(partition, 0);
        producer.get(10, TimeUnit.SECONDS);
        assertEquals(sent, received);
        assertEquals(0, partition.pool().buffersInUse(), "every buffer recycled");
    }

    private static List<String> consume(ResultPartition partition, int subpartition) throws Exception {
        LocalPartitionRegistry registry = new LocalPartitionRegistry();
        registry.register(partition);
        InputGate gate = new InputGate(List.of(new LocalInputChannel(registry, partition.id(), subpartition)));
        gate.setup();
        RecordDeserializer<String> reader =
                new RecordDeserializer<>(Types.STRING.createSerializer(ExchangeTest.class.getClassLoader()));
        List<String> received = new ArrayList<>();
        BufferOrEvent next;
        while ((next = gate.getNext()) != null) {
            reader.setBuffer(next.buffer());
            String s;
            while ((s = reader.next()) != null) {
                received.add(s);
            }
        }
        assertTrue(gate.isFinished());
        return received;
    }

    @Test
    void aProducerWaitsForItsConsumerWithBoundedMemory() throws Exception {
        BufferPool pool = new BufferPool(3, 256);
        ResultPartition partition = new ResultPartition(new PartitionId(JOB, 2, 0), 1, pool);
        RecordWriter<Long> writer = new RecordWriter<>(
                partition,
                ChannelSelector.forward(),
                Types.LONG.createSerializer(getClass().getClassLoader()),
                false);
        AtomicInteger emitted = new AtomicInteger();
        Thread producer = new Thread(() -> {
            try {
                for (long i = 0; i < 100_000; i++) {
                    writer.emit(i);
                    emitted.incrementAndGet();
                }
                writer.finish();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        producer.start();
        // Nobody consumes: the producer fills the pool's three buffers and then waits.
        long deadline = System.currentTimeMillis() + 5000;
        while (producer.getState() != Thread.State.WAITING && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Thread.State.WAITING, producer.getState());
        int stuckAt = emitted.get();
        Thread.sleep(100);
        assertEquals(stuckAt, emitted.get(), "no progress without a consumer");
        assertTrue(stuckAt < 3 * 256, "at most three buffers of records are held: " + stuckAt);
        assertEquals(3, pool.buffersInUse());

        LocalPartitionRegistry registry = new LocalPartitionRegistry();
        registry.register(partition);
        InputGate gate = new InputGate(List.of(new LocalInputChannel(registry, partition.id(), 0)));
        gate.setup();
        RecordDeserializer<Long> reader =
                new RecordDeserializer<>(Types.LONG.createSerializer(getClass().getClassLoader()));
        long expected = 0;
        BufferOrEvent next;
        while ((next = gate.getNext()) != null) {
            assertTrue(pool.buffersInUse() <= 3);
            reader.setBuffer(next.buffer());
            Long v;
            while ((v = reader.next()) != null) {
                assertEquals(expected++, v);
            }
        }
        producer.join(5000);
        assertEquals(100_000, expected);
    }

    @Test
    void hashPartitioningSendsEachKeyToOneConsumer() throws Exception {
        int consumers = 3;
        ResultPartition partition =
                new ResultPartition(new PartitionId(JOB, 3, 0), consumers, new BufferPool(64, 1024));
        RecordWriter<String> writer = new RecordWriter<>(
                partition,
                ChannelSelector.hash(s -> s, 128, consumers),
                Types.STRING.createSerializer(getClass().getClassLoader()),
                false);
        for (int i = 0; i < 3000; i++) {
            writer.emit("key" + (i % 50));
        }
        writer.finish();
        List<List<String>> perConsumer = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            perConsumer.add(drain(partition.subpartition(c)));
        }
        for (int k = 0; k < 50; k++) {
            String key = "key" + k;
            int holders = 0;
            for (List<String> got : perConsumer) {
                long n = got.stream().filter(key::equals).count();
                if (n > 0) {
                    holders++;
                    assertEquals(60, n);
                }
            }
            assertEquals(1, holders, key + " reached more than one consumer");
        }
    }

    private static List<String> drain(ResultSubpartition sub) throws IOException {
        RecordDeserializer<String> reader =
                new RecordDeserializer<>(Types.STRING.createSerializer(ExchangeTest.class.getClassLoader()));
        List<String> out = new ArrayList<>();
        ResultSubpartition.Polled p;
        while ((p = sub.poll()) != null) {
            if (!p.buffer().isData()) {
                continue;
            }
            reader.setBuffer(p.buffer());
            String s;
            while ((s = reader.next()) != null) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void releasingAPartitionWakesABlockedProducer() throws Exception {
        ResultPartition partition = new ResultPartition(new PartitionId(JOB, 4, 0), 1, new BufferPool(2, 64));
        RecordWriter<Long> writer = new RecordWriter<>(
                partition,
                ChannelSelector.forward(),
                Types.LONG.createSerializer(getClass().getClassLoader()),
                false);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try {
                for (long i = 0; ; i++) {
                    writer.emit(i);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        partition.release();
        Exception e = assertThrows(Exception.class, () -> producer.get(2, TimeUnit.SECONDS));
        assertInstanceOf(PartitionReleasedException.class, e.getCause().getCause());
    }

    @Test
    void corruptBytesGiveAnIOExceptionNotAHang() {
        BufferPool pool = new BufferPool(2, 64);
        Buffer b;
        try {
            b = pool.request();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        byte[] d = b.data();
        d[0] = 0x7f; // a length of about 2 GiB
        b.setSize(8);
        RecordDeserializer<String> reader = new RecordDeserializer<>(
                Types.STRING.createSerializer(getClass().getClassLoader()));
        reader.setBuffer(b);
        IOException e = assertThrows(IOException.class, reader::next);
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertEquals(0, pool.buffersInUse(), "the buffer is recycled");
        assertNull(assertDoesNotThrowNext(reader), "nothing more after the failure");
    }

    private static String assertDoesNotThrowNext(RecordDeserializer<String> reader) {
        try {
            return reader.next();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
