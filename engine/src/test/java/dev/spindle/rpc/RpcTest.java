package dev.spindle.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.rpc.TestingGateway.Descriptor;
import dev.spindle.rpc.TestingGateway.Kind;
import dev.spindle.rpc.TestingGateway.Node;
import dev.spindle.security.ClusterSecret;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RpcTest {
    private final ClusterSecret secret = ClusterSecret.generate();
    private final TestingGateway.Impl impl = new TestingGateway.Impl();
    private RpcServer server;
    private RpcClient client;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        server = new RpcServer(secret);
        address = server.bind("127.0.0.1", 0);
        server.register("test", TestingGateway.class, impl);
        client = new RpcClient(secret, RpcConfig.defaults().withAskTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private TestingGateway gateway() throws Exception {
        return client.connect(address, "test", TestingGateway.class).get(5, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void recordsCollectionsEnumsOptionalsAndLargePayloadsRoundTrip() throws Exception {
        byte[] payload = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        Node chain = new Node("a", Optional.of(new Node("b", Optional.empty())));
        Descriptor sent = new Descriptor(
                "map-1",
                3,
                Long.MIN_VALUE,
                0.25,
                true,
                'ü',
                Kind.SINK,
                null,
                List.of("x", "y"),
                Map.of("records", 42L),
                Set.of(Kind.SOURCE, Kind.SINK),
                Optional.of("note"),
                chain,
                List.of(chain, new Node("c", Optional.empty())),
                payload);
        TestingGateway gateway = gateway();

        Descriptor got = gateway.echo(sent).get(10, TimeUnit.SECONDS);

        assertEquals(sent.name(), got.name());
        assertEquals(sent.attempt(), got.attempt());
        assertEquals(sent.big(), got.big());
        assertEquals(sent.ratio(), got.ratio());
        assertEquals(sent.flag(), got.flag());
        assertEquals(sent.letter(), got.letter());
        assertEquals(sent.kind(), got.kind());
        assertNull(got.maybe());
        assertEquals(sent.tags(), got.tags());
        assertEquals(sent.counts(), got.counts());
        assertEquals(sent.kinds(), got.kinds());
        assertEquals(sent.note(), got.note());
        assertEquals(sent.chain(), got.chain());
        assertEquals(sent.nodes(), got.nodes());
        assertArrayEquals(payload, got.payload());
        assertNull(gateway.heartbeat(1).get(5, TimeUnit.SECONDS));
        assertEquals(
                Map.of(Kind.SOURCE, List.of(2, 4), Kind.SINK, List.of(1, 3)),
                gateway.group(List.of(1, 2, 3, 4)).get(5, TimeUnit.SECONDS));
        assertEquals(8, gateway.twice(4).get(5, TimeUnit.SECONDS), "default methods run locally and call remotely");
        assertTrue(gateway.toString().contains("test@"), gateway.toString());
    }

    @Test
    void thousandConcurrentCallsEachGetTheirOwnAnswerOnTheEndpointsMainThread() throws Exception {
        TestingGateway gateway = gateway();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(gateway.add(i, 1_000_000));
        }
        CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i + 1_000_000, calls.get(i).join());
        }
        assertEquals(1000, impl.invocations.get());
        assertTrue(impl.lastThread.getName().startsWith("rpc-main-test"), impl.lastThread.getName());
    }

    @Test
    void futuresCompleteOffTheEventLoopAndEndpointsRunOnTheirExecutor() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Executor gated = task -> new Thread(
                        () -> {
                            try {
                                gate.await(5, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            task.run();
                        },
                        "gated-endpoint")
                .start();
        server.register("gated", TestingGateway.class, impl, gated);
        TestingGateway gateway =
                client.connect(address, "gated", TestingGateway.class).get(5, TimeUnit.SECONDS);

        // Attached before the answer can exist, so it runs on the thread that completes the future.
        CompletableFuture<String> thread =
                gateway.heartbeat(1).thenApply(v -> Thread.currentThread().getName());
        gate.countDown();

        assertTrue(thread.get(5, TimeUnit.SECONDS).startsWith("rpc-client-callback"), thread.join());
        assertEquals("gated-endpoint", impl.lastThread.getName());
    }

    @Test
    void remoteFailuresArriveAsRemoteExceptions() throws Exception {
        TestingGateway gateway = gateway();

        RemoteException async = assertInstanceOf(RemoteException.class, failureOf(gateway.failAsync("no slots")));
        assertEquals(IllegalStateException.class.getName(), async.remoteClassName());
        assertEquals("no slots", async.remoteMessage());
        assertEquals("caused by: java.io.IOException: disk gone", async.remoteCauseChain());

        RemoteException sync = assertInstanceOf(RemoteException.class, failureOf(gateway.failSync("refused")));
        assertEquals(UnsupportedOperationException.class.getName(), sync.remoteClassName());
        assertEquals("refused", sync.remoteMessage());

        TestingGateway missing =
                client.connect(address, "nobody", TestingGateway.class).get(5, TimeUnit.SECONDS);
        RemoteException unknown = assertInstanceOf(RemoteException.class, failureOf(missing.heartbeat(1)));
        assertTrue(unknown.remoteMessage().contains("no RPC endpoint 'nobody'"), unknown.getMessage());

        assertEquals(3, gateway.add(1, 2).get(5, TimeUnit.SECONDS), "the connection survives remote failures");
    }

    @Test
    void aCallWithoutAnswerTimesOut() throws Exception {
        try (RpcClient impatient = new RpcClient(secret, RpcConfig.defaults().withAskTimeout(Duration.ofMillis(200)))) {
            TestingGateway gateway =
                    impatient.connect(address, "test", TestingGateway.class).get(5, TimeUnit.SECONDS);
            long start = System.nanoTime();
            Throwable failure = failureOf(gateway.never());
            assertInstanceOf(TimeoutException.class, failure);
            assertTrue(failure.getMessage().contains("never()"), failure.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
            assertEquals(3, gateway.add(1, 2).get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void closingTheServerFailsPendingAndLaterCallsPromptly() throws Exception {
        TestingGateway gateway = gateway();
        CompletableFuture<String> pending = gateway.never();
        while (impl.invocations.get() == 0) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        server.close();

        Throwable failure = failureOf(pending);
        assertInstanceOf(RpcConnectionException.class, failure);
        assertTrue(failure.getMessage().contains(address.toString()), failure.getMessage());
        assertInstanceOf(RpcConnectionException.class, failureOf(gateway.heartbeat(2)));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "well under the 5 s ask timeout");
    }

    @Test
    void aProxyReconnectsAfterTheConnectionWasLost() throws Exception {
        TestingGateway gateway = gateway();
        assertEquals(3, gateway.add(1, 2).get(5, TimeUnit.SECONDS));
        client.connection(address).get(5, TimeUnit.SECONDS).close();
        Thread.sleep(50);
        assertEquals(7, gateway.add(3, 4).get(5, TimeUnit.SECONDS));
    }

    @Test
    void badlyDeclaredGatewaysAreRejectedWhenRegisteredOrConnected() {
        IllegalArgumentException notFuture =
                assertThrows(IllegalArgumentException.class, () -> server.register("bad", NotAFuture.class, () -> "x"));
        assertTrue(notFuture.getMessage().contains("must return CompletableFuture<T>"), notFuture.getMessage());

        IllegalArgumentException object =
                assertThrows(IllegalArgumentException.class, () -> client.connect(address, "bad", TakesObject.class));
        assertTrue(object.getMessage().contains("unsupported type java.lang.Object"), object.getMessage());

        IllegalArgumentException nested =
                assertThrows(IllegalArgumentException.class, () -> client.connect(address, "bad", HidesAThread.class));
        assertTrue(nested.getMessage().contains("Holder.thread"), nested.getMessage());
        assertFalse(nested.getMessage().isEmpty());
    }

    public interface NotAFuture {
        String name();
    }

    public interface TakesObject {
        CompletableFuture<Void> send(List<Object> values);
    }

    public record Holder(String name, Thread thread) {}

    public interface HidesAThread {
        CompletableFuture<Holder> holder();
    }
}
