package dev.spindle.network.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.MemorySize;
import dev.spindle.config.NetworkOptions;
import dev.spindle.core.JobId;
import dev.spindle.network.BufferOrEvent;
import dev.spindle.network.ChannelSelector;
import dev.spindle.network.InputChannel;
import dev.spindle.network.InputGate;
import dev.spindle.network.LocalInputChannel;
import dev.spindle.network.PartitionId;
import dev.spindle.network.RecordDeserializer;
import dev.spindle.network.RecordWriter;
import dev.spindle.network.ResultPartition;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two shuffle environments in one JVM stand for two TaskManagers, each with its own server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyShuffleEnvironmentTest {
    private static final JobId JOB = JobId.generate();
    private static final ClusterSecret SECRET = ClusterSecret.generate();

    private NettyShuffleEnvironment producerEnv;
    private NettyShuffleEnvironment consumerEnv;
    private InetSocketAddress producerAddress;

    static Configuration config() {
        return new Configuration()
                .set(NetworkOptions.SEGMENT_SIZE, new MemorySize(1024))
                .set(NetworkOptions.CONNECT_TIMEOUT, java.time.Duration.ofSeconds(5));
    }

    @BeforeEach
    void start() throws IOException {
        producerEnv = new NettyShuffleEnvironment(config(), SECRET, PartitionLocator.allLocal());
        producerAddress = producerEnv.start("127.0.0.1");
        consumerEnv = new NettyShuffleEnvironment(
                config(), SECRET, id -> new PartitionLocator.RemoteProducer(producerAddress, "the producer"));
        consumerEnv.start("127.0.0.1");
    }

    @AfterEach
    void stop() {
        consumerEnv.close();
        producerEnv.close();
    }

    static List<String> records(int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = i % 97 == 0 ? 3000 : r.nextInt(80); // some records span three 1k buffers
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < len; j++) {
                b.append((char) ('a' + r.nextInt(26)));
            }
            out.add(i + ":" + b);
        }
        return out;
    }

    static CompletableFuture<Void> produce(
            ResultPartition partition, ChannelSelector<String> selector, List<String> data) {
        RecordWriter<String> writer = new RecordWriter<>(
                partition,
                selector,
                Types.STRING.createSerializer(NettyShuffleEnvironmentTest.class.getClassLoader()),
                false);
        return CompletableFuture.runAsync(() -> {
            try {
                for (String s : data) {
                    writer.emit(s);
                }
                writer.finish();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    static InputGate gate(InputChannel... channels) throws Exception {
        InputGate gate = new InputGate(List.of(channels));
        gate.setup();
        return gate;
    }

    /** Reads every record of a one-channel gate, up to {@code limit}. */
    static List<String> consume(InputGate gate, int limit) throws Exception {
        return consume(gate, limit, newReader());
    }

    static RecordDeserializer<String> newReader() {
        return new RecordDeserializer<>(
                Types.STRING.createSerializer(NettyShuffleEnvironmentTest.class.getClassLoader()));
    }

    static List<String> consume(InputGate gate, int limit, RecordDeserializer<String> reader) throws Exception {
        List<String> out = new ArrayList<>();
        BufferOrEvent next;
        while (out.size() < limit && (next = gate.getNext()) != null) {
            reader.setBuffer(next.buffer());
            String s;
            while ((s = reader.next()) != null) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void recordsCrossTheNetworkIdenticalAndInOrder() throws Exception {
        PartitionId id = new PartitionId(JOB, 1, 0);
        ResultPartition partition = producerEnv.createResultPartition(id, 1);
        List<String> sent = records(5_000, 1);
        CompletableFuture<Void> producer = produce(partition, ChannelSelector.forward(), sent);
        InputChannel channel = consumerEnv.createInputChannel(id, 0);
        assertInstanceOf(RemoteInputChannel.class, channel);
        try (InputGate gate = gate(channel)) {
            assertEquals(sent, consume(gate, Integer.MAX_VALUE));
        }
        producer.get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (partition.pool().buffersInUse() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // the last write's completion may trail the consumer's read
        }
        assertEquals(0, partition.pool().buffersInUse(), "producer buffers recycled once written");
    }

    @Test
    void hashPartitionsToTwoRemoteConsumersOverOneConnection() throws Exception {
        PartitionId id = new PartitionId(JOB, 2, 0);
        ResultPartition partition = producerEnv.createResultPartition(id, 2);
        List<String> sent = records(4_000, 2);
        CompletableFuture<Void> producer = produce(partition, ChannelSelector.hash(s -> s, 128, 2), sent);
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> read(id, 0));
        CompletableFuture<List<String>> second = CompletableFuture.supplyAsync(() -> read(id, 1));
        List<String> a = first.get(20, TimeUnit.SECONDS);
        List<String> b = second.get(20, TimeUnit.SECONDS);
        producer.get(10, TimeUnit.SECONDS);
        assertTrue(!a.isEmpty() && !b.isEmpty(), "both consumers got records");
        assertEquals(sent.size(), a.size() + b.size());
        List<String> expectedA = new ArrayList<>(sent);
        expectedA.retainAll(a);
        assertEquals(expectedA, a, "each consumer sees its records in the order they were written");
        ChannelSelector<String> selector = ChannelSelector.hash(s -> s, 128, 2);
        for (String s : a) {
            assertEquals(0, selector.select(s));
        }
        assertEquals(1, consumerEnv.connectionsOpened(), "channels to one server share one connection");
    }

    private List<String> read(PartitionId id, int subpartition) {
        try (InputGate gate = gate(consumerEnv.createInputChannel(id, subpartition))) {
            return consume(gate, Integer.MAX_VALUE);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void aConsumerThatDoesNotReadStopsItsProducerWithinBoundedMemory() throws Exception {
        PartitionId id = new PartitionId(JOB, 3, 0);
        ResultPartition partition = producerEnv.createResultPartition(id, 1);
        List<String> sent = records(3_000, 3);
        Thread[] producerThread = new Thread[1];
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            producerThread[0] = Thread.currentThread();
            produce(partition, ChannelSelector.forward(), sent).join();
        });
        RemoteInputChannel channel = (RemoteInputChannel) consumerEnv.createInputChannel(id, 0);
        try (InputGate gate = gate(channel)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (partition.pool().buffersInUse() < partition.pool().maxBuffers() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200); // would anything more move if flow control were broken?
            assertEquals(partition.pool().maxBuffers(), partition.pool().buffersInUse());
            assertTrue(channel.buffersInUse() <= 2, "consumer holds at most its exclusive buffers");
            assertTrue(!producer.isDone(), "the producer is blocked");
            assertEquals(Thread.State.WAITING, producerThread[0].getState(), "the writer waits for a buffer");
            assertEquals(sent, consume(gate, Integer.MAX_VALUE), "reading lets the producer finish");
        }
        producer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLocalProducerIsReadThroughMemoryWithoutAConnection() throws Exception {
        try (NettyShuffleEnvironment env = new NettyShuffleEnvironment(config(), SECRET, PartitionLocator.allLocal())) {
            env.start("127.0.0.1");
            PartitionId id = new PartitionId(JOB, 4, 0);
            ResultPartition partition = env.createResultPartition(id, 1);
            List<String> sent = records(500, 4);
            CompletableFuture<Void> producer = produce(partition, ChannelSelector.forward(), sent);
            InputChannel channel = env.createInputChannel(id, 0);
            assertInstanceOf(LocalInputChannel.class, channel);
            try (InputGate gate = gate(channel)) {
                assertEquals(sent, consume(gate, Integer.MAX_VALUE));
            }
            producer.get(10, TimeUnit.SECONDS);
            assertEquals(0, env.connectionsOpened());
        }
    }

    @Test
    void aConsumerWithTheWrongSecretIsRefused() throws Exception {
        PartitionId id = new PartitionId(JOB, 5, 0);
        producerEnv.createResultPartition(id, 1);
        try (NettyShuffleEnvironment stranger = new NettyShuffleEnvironment(
                config(),
                ClusterSecret.generate(),
                x -> new PartitionLocator.RemoteProducer(producerAddress, "the producer"))) {
            stranger.start("127.0.0.1");
            InputChannel channel = stranger.createInputChannel(id, 0);
            IOException e = assertThrows(IOException.class, () -> channel.requestSubpartition(() -> {}));
            assertTrue(e.getMessage().contains(producerAddress.getPort() + ""), e.getMessage());
        }
    }

    @Test
    void garbageClosesThatConnectionAndTheServerServesOthers() throws Exception {
        for (int bytes : new int[] {64, 5000}) {
            try (Socket s = new Socket(producerAddress.getAddress(), producerAddress.getPort())) {
                s.setSoTimeout(5000);
                byte[] junk = new byte[bytes];
                new Random(bytes).nextBytes(junk);
                s.getOutputStream().write(junk);
                InputStream in = s.getInputStream();
                in.readNBytes(4 + 1 + 4 + 2 + 32); // the server's HELLO
                assertEquals(-1, in.read(), "the server closed the connection");
            }
        }
        recordsCrossTheNetworkIdenticalAndInOrder();
    }

    @Test
    void aPartitionReleasedMidStreamFailsItsRemoteConsumer() throws Exception {
        PartitionId id = new PartitionId(JOB, 6, 0);
        ResultPartition partition = producerEnv.createResultPartition(id, 1);
        CompletableFuture<Void> producer = produce(partition, ChannelSelector.forward(), records(100_000, 6));
        try (InputGate gate = gate(consumerEnv.createInputChannel(id, 0))) {
            RecordDeserializer<String> reader = newReader();
            assertTrue(consume(gate, 100, reader).size() >= 100);
            producerEnv.releasePartition(id);
            IOException e = assertThrows(IOException.class, () -> consume(gate, Integer.MAX_VALUE, reader));
            // The one right outcome: the producer's partition server answers the released subpartition with
            // an ERROR frame for this receiver, and the connection stays open for the other channels on it.
            // This used to accept "connection ... lost" too, for a close seen once under load. No race leads
            // there: the server closes a data connection only on a protocol error, a failed handshake or its
            // own shutdown, never on a release (the listener of a released subpartition only makes the reader
            // poll, which fails the reader alone), and 800 runs of this scenario on a loaded 2-core machine,
            // with and without the cancellation changes of issue 9, all ended "released". A close here would
            // be a defect that fails every other channel sharing the connection, which this test must catch.
            assertEquals(
                    "reading remote " + id + "#0 from the producer at " + producerAddress + " failed: partition server "
                            + producerAddress + ": producer released the partition: subpartition released",
                    e.getMessage());
        }
        assertThrows(Exception.class, () -> producer.get(10, TimeUnit.SECONDS));
    }

    /**
     * A release is one receiver's business: the other channels on the shared connection read on,
     * and nothing is reopened. (Checked here because a consumer was once seen to get "connection
     * lost" instead of "released"; 300 runs of this test on a loaded 2-core machine did not show it.)
     */
    @Test
    void releasingOnePartitionLeavesTheSharedConnectionToTheOthers() throws Exception {
        PartitionId released = new PartitionId(JOB, 60, 0);
        PartitionId kept = new PartitionId(JOB, 61, 0);
        ResultPartition a = producerEnv.createResultPartition(released, 1);
        ResultPartition b = producerEnv.createResultPartition(kept, 1);
        List<String> sentB = records(3_000, 61);
        CompletableFuture<Void> producerA = produce(a, ChannelSelector.forward(), records(100_000, 60));
        CompletableFuture<Void> producerB = produce(b, ChannelSelector.forward(), sentB);
        try (InputGate gateA = gate(consumerEnv.createInputChannel(released, 0));
                InputGate gateB = gate(consumerEnv.createInputChannel(kept, 0))) {
            RecordDeserializer<String> readerA = newReader();
            RecordDeserializer<String> readerB = newReader();
            List<String> gotB = new ArrayList<>(consume(gateB, 10, readerB));
            assertTrue(consume(gateA, 100, readerA).size() >= 100);
            producerEnv.releasePartition(released);
            IOException e = assertThrows(IOException.class, () -> consume(gateA, Integer.MAX_VALUE, readerA));
            assertTrue(e.getMessage().contains("released"), e.getMessage());
            gotB.addAll(consume(gateB, Integer.MAX_VALUE, readerB));
            assertEquals(sentB, gotB);
        }
        assertThrows(Exception.class, () -> producerA.get(10, TimeUnit.SECONDS));
        producerB.get(10, TimeUnit.SECONDS);
        assertEquals(1, consumerEnv.connectionsOpened());
    }

    @Test
    void aClosedServerFailsItsConsumersPromptlyNamingTheAddress() throws Exception {
        PartitionId id = new PartitionId(JOB, 7, 0);
        producerEnv.createResultPartition(id, 1); // produces nothing: the consumer waits
        try (InputGate gate = gate(consumerEnv.createInputChannel(id, 0))) {
            Thread.sleep(100);
            long start = System.nanoTime();
            producerEnv.close();
            IOException e = assertThrows(IOException.class, gate::getNext);
            assertTrue(e.getMessage().contains(String.valueOf(producerAddress.getPort())), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
    }
}
