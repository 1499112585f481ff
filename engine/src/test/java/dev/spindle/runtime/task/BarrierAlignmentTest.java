package dev.spindle.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.MemorySize;
import dev.spindle.config.NetworkOptions;
import dev.spindle.core.JobId;
import dev.spindle.network.BufferOrEvent;
import dev.spindle.network.ChannelSelector;
import dev.spindle.network.Events;
import dev.spindle.network.InputGate;
import dev.spindle.network.PartitionId;
import dev.spindle.network.RecordDeserializer;
import dev.spindle.network.RecordWriter;
import dev.spindle.network.ResultPartition;
import dev.spindle.network.netty.NettyShuffleEnvironment;
import dev.spindle.network.netty.PartitionLocator;
import dev.spindle.network.netty.RemoteInputChannel;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly-once barrier alignment over the network, under backpressure: a consumer of two remote
 * producers has the barrier from producer A long before the one from producer B. A's channel is
 * blocked meanwhile: no record of A after its barrier is processed before the checkpoint, the
 * consumer holds no more of A's buffers than its exclusive ones (credit-based flow control stops
 * A), and A's writer waits for a buffer with its pool used up. Memory stays bounded however long B
 * takes; when B's barrier arrives the checkpoint is taken and A flows again, every record once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BarrierAlignmentTest {
    private static final JobId JOB = JobId.generate();
    private static final ClusterSecret SECRET = ClusterSecret.generate();

    private NettyShuffleEnvironment producers;
    private NettyShuffleEnvironment consumer;

    @BeforeEach
    void start() throws IOException {
        Configuration config = new Configuration().set(NetworkOptions.SEGMENT_SIZE, new MemorySize(1024));
        producers = new NettyShuffleEnvironment(config, SECRET, PartitionLocator.allLocal());
        InetSocketAddress address = producers.start("127.0.0.1");
        consumer = new NettyShuffleEnvironment(
                config, SECRET, id -> new PartitionLocator.RemoteProducer(address, "the producers"));
        consumer.start("127.0.0.1");
    }

    @AfterEach
    void stop() {
        consumer.close();
        producers.close();
    }

    @Test
    void aChannelThatDeliveredItsBarrierIsHeldBackWithinBoundedMemoryUntilTheOtherCatchesUp() throws Exception {
        ResultPartition a = producers.createResultPartition(new PartitionId(JOB, 1, 0), 1);
        ResultPartition b = producers.createResultPartition(new PartitionId(JOB, 1, 1), 1);
        CountDownLatch releaseB = new CountDownLatch(1);
        Thread[] writerA = new Thread[1];
        CompletableFuture<Void> producerA = CompletableFuture.runAsync(() -> {
            writerA[0] = Thread.currentThread();
            produce(a, "a", 100, 3_000, null);
        });
        CompletableFuture<Void> producerB = CompletableFuture.runAsync(() -> produce(b, "b", 100, 100, releaseB));

        RemoteInputChannel channelA = (RemoteInputChannel) consumer.createInputChannel(new PartitionId(JOB, 1, 0), 0);
        RemoteInputChannel channelB = (RemoteInputChannel) consumer.createInputChannel(new PartitionId(JOB, 1, 1), 0);
        InputGate gate = new InputGate(List.of(channelA, channelB), true);
        gate.setup();
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> task = CompletableFuture.runAsync(() -> consume(gate, seen));

        // Everything before the barriers arrives, and A's barrier; B's is held back by the test.
        awaitTrue(() -> seen.contains("barrier 1 on channel 0") && count(seen, "b-pre") == 100);
        awaitTrue(() ->
                a.pool().buffersInUse() == a.pool().maxBuffers() && writerA[0].getState() == Thread.State.WAITING);
        Thread.sleep(200); // would anything more arrive if the channel were not blocked?
        assertEquals(0, count(seen, "a-post"), "no record after A's barrier before the checkpoint");
        assertTrue(channelA.buffersInUse() <= 2, "the consumer holds at most A's exclusive buffers");
        assertFalse(producerA.isDone(), "A is held back");
        assertFalse(seen.contains("checkpoint 1"));

        releaseB.countDown();
        task.get(30, TimeUnit.SECONDS);
        producerA.get(5, TimeUnit.SECONDS);
        producerB.get(5, TimeUnit.SECONDS);

        List<String> events = new ArrayList<>(seen);
        int checkpoint = events.indexOf("checkpoint 1");
        assertTrue(checkpoint > 0, "the checkpoint was taken: " + events.size());
        assertEquals(200, count(events.subList(0, checkpoint), "-pre"), "everything before the barriers first");
        assertEquals(0, count(events.subList(0, checkpoint), "-post"), "nothing after them");
        assertEquals(3_100, count(events.subList(checkpoint, events.size()), "-post"), "then the rest, once");
        gate.close();
    }

    /** Writes {@code pre} records, barrier 1 (after {@code release}, if given), {@code post} records. */
    private static void produce(ResultPartition partition, String name, int pre, int post, CountDownLatch release) {
        RecordWriter<String> writer = new RecordWriter<>(
                partition,
                ChannelSelector.forward(),
                Types.STRING.createSerializer(BarrierAlignmentTest.class.getClassLoader()),
                false);
        try {
            for (int i = 0; i < pre; i++) {
                writer.emit(name + "-pre-" + i + "-" + "x".repeat(40));
            }
            writer.flushAll();
            if (release != null) {
                release.await();
            }
            writer.broadcastEvent(() -> Events.checkpointBarrier(1, 0));
            for (int i = 0; i < post; i++) {
                writer.emit(name + "-post-" + i + "-" + "x".repeat(40));
            }
            writer.finish();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** A task's input loop with an aligner: records, barriers and channel ends, in order. */
    private static void consume(InputGate gate, ConcurrentLinkedQueue<String> seen) {
        BarrierAligner aligner = new BarrierAligner(gate, true);
        List<RecordDeserializer<String>> readers = List.of(reader(), reader());
        try {
            BufferOrEvent next;
            while ((next = gate.getNext()) != null) {
                if (next.buffer().isData()) {
                    RecordDeserializer<String> r = readers.get(next.channelIndex());
                    r.setBuffer(next.buffer());
                    String s;
                    while ((s = r.next()) != null) {
                        seen.add(s.substring(0, s.indexOf('-', 2)));
                    }
                    continue;
                }
                BarrierAligner.Aligned aligned;
                if (Events.typeOf(next.buffer()) == Events.CHECKPOINT_BARRIER) {
                    seen.add("barrier " + Events.barrierCheckpointId(next.buffer()) + " on channel "
                            + next.channelIndex());
                    aligned = aligner.onBarrier(
                            next.channelIndex(),
                            Events.barrierCheckpointId(next.buffer()),
                            Events.barrierTimestamp(next.buffer()));
                } else {
                    aligned = aligner.onChannelEnd(next.channelIndex());
                }
                if (aligned != null) {
                    seen.add("checkpoint " + aligned.checkpointId());
                }
            }
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static RecordDeserializer<String> reader() {
        return new RecordDeserializer<>(Types.STRING.createSerializer(BarrierAlignmentTest.class.getClassLoader()));
    }

    private static long count(java.util.Collection<String> seen, String part) {
        return seen.stream().filter(s -> s.contains(part)).count();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
