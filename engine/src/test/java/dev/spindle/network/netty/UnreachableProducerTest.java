package dev.spindle.network.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.NetworkOptions;
import dev.spindle.core.JobId;
import dev.spindle.network.CancelledWaitException;
import dev.spindle.network.InputChannel;
import dev.spindle.network.InputGate;
import dev.spindle.network.PartitionId;
import dev.spindle.security.ClusterSecret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A consumer whose producer's data address does not answer fails within
 * {@code taskmanager.network.netty.client.connect-timeout}, naming the producer's process and
 * address, however many consumers of that process wait; a cancelled consumer stops waiting at
 * once. Real sockets on loopback: a closed port refuses, a listening socket whose accept queue is
 * full drops the connection attempts (a black hole), and one that is never accepted from answers
 * nothing after the TCP handshake.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnreachableProducerTest {
    private static final JobId JOB = JobId.generate();
    private static final ClusterSecret SECRET = ClusterSecret.generate();
    private static final long CONNECT_TIMEOUT_MILLIS = 1_000;
    /** Room for scheduling on a loaded machine; below what four consumers waiting in turn would take (4 s). */
    private static final long SLACK_MILLIS = 1_800;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private NettyShuffleEnvironment consumerEnvironment(InetSocketAddress producer, long connectTimeoutMillis)
            throws IOException {
        Configuration config =
                new Configuration().set(NetworkOptions.CONNECT_TIMEOUT, Duration.ofMillis(connectTimeoutMillis));
        NettyShuffleEnvironment env = new NettyShuffleEnvironment(
                config, SECRET, id -> new PartitionLocator.RemoteProducer(producer, "TaskManager tm-gone"));
        resources.add(env);
        env.start("127.0.0.1");
        return env;
    }

    /** A listening socket that takes no more connections: its accept queue is full and nobody accepts. */
    private InetSocketAddress blackHole() throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(server);
        for (int i = 0; i < 20; i++) {
            Socket s = new Socket();
            resources.add(s);
            try {
                s.connect(server.getLocalSocketAddress(), 200);
            } catch (SocketTimeoutException e) {
                return (InetSocketAddress) server.getLocalSocketAddress(); // the queue is full: SYNs are dropped
            }
        }
        throw new IllegalStateException("could not fill the accept queue of " + server);
    }

    /** Connects a one-channel gate to partition {@code edge}/0 and returns what ended it, with the time it took. */
    private static CompletableFuture<Failure> request(NettyShuffleEnvironment env, int edge) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                InputChannel channel = env.createInputChannel(new PartitionId(JOB, edge, 0), 0);
                new InputGate(List.of(channel)).setup();
                throw new AssertionError("the request to an unreachable producer succeeded");
            } catch (IOException | InterruptedException | RuntimeException e) {
                return new Failure(e, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        });
    }

    record Failure(Exception exception, long millis) {}

    @Test
    void aProducerAddressThatRefusesConnectionsFailsTheConsumerAtOnceNamingIt() throws Exception {
        InetSocketAddress refusing;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusing = (InetSocketAddress) s.getLocalSocketAddress();
        }
        Failure f = request(consumerEnvironment(refusing, 30_000), 1).get(20, TimeUnit.SECONDS);
        assertEquals(IOException.class, f.exception().getClass(), String.valueOf(f.exception()));
        String message = f.exception().getMessage();
        assertTrue(
                message.startsWith("requesting remote " + JOB + "/edge-1/0#0 from TaskManager tm-gone at " + refusing
                        + " failed: cannot connect to partition server " + refusing + ": "),
                message);
        assertTrue(message.contains("Connection refused"), message);
        assertTrue(f.millis() < SLACK_MILLIS, "took " + f.millis() + " ms with a connect timeout of 30 s");
    }

    @Test
    void everyConsumerOfABlackHoledProducerFailsWithinTheConnectTimeout() throws Exception {
        InetSocketAddress hole = blackHole();
        NettyShuffleEnvironment env = consumerEnvironment(hole, CONNECT_TIMEOUT_MILLIS);
        // Four tasks of this TaskManager read the producer: they must not wait for one another's attempts.
        List<CompletableFuture<Failure>> consumers = new ArrayList<>();
        for (int edge = 10; edge < 14; edge++) {
            consumers.add(request(env, edge));
        }
        for (int i = 0; i < consumers.size(); i++) {
            Failure f = consumers.get(i).get(20, TimeUnit.SECONDS);
            assertEquals(IOException.class, f.exception().getClass(), String.valueOf(f.exception()));
            assertEquals(
                    "requesting remote " + JOB + "/edge-" + (10 + i) + "/0#0 from TaskManager tm-gone at " + hole
                            + " failed: connecting to partition server " + hole + " timed out after "
                            + CONNECT_TIMEOUT_MILLIS
                            + " ms (taskmanager.network.netty.client.connect-timeout)",
                    f.exception().getMessage());
            assertTrue(
                    f.millis() < CONNECT_TIMEOUT_MILLIS + SLACK_MILLIS,
                    "consumer " + i + " failed after " + f.millis() + " ms; the connect timeout is "
                            + CONNECT_TIMEOUT_MILLIS + " ms");
        }
    }

    @Test
    void aProducerAddressThatNeverAuthenticatesFailsTheConsumerWithinTheConnectTimeout() throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // completes TCP, says nothing
        resources.add(silent);
        InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
        Failure f =
                request(consumerEnvironment(address, CONNECT_TIMEOUT_MILLIS), 2).get(20, TimeUnit.SECONDS);
        assertEquals(IOException.class, f.exception().getClass(), String.valueOf(f.exception()));
        assertEquals(
                "requesting remote " + JOB + "/edge-2/0#0 from TaskManager tm-gone at " + address
                        + " failed: partition server " + address
                        + " accepted the connection but did not authenticate within "
                        + CONNECT_TIMEOUT_MILLIS
                        + " ms (taskmanager.network.netty.client.connect-timeout)",
                f.exception().getMessage());
        assertTrue(f.millis() < CONNECT_TIMEOUT_MILLIS + SLACK_MILLIS, "failed after " + f.millis() + " ms");
    }

    @Test
    void aCancelledConsumerStopsWaitingForItsConnectionAtOnce() throws Exception {
        NettyShuffleEnvironment env = consumerEnvironment(blackHole(), 30_000);
        InputGate gate = new InputGate(List.of(env.createInputChannel(new PartitionId(JOB, 3, 0), 0)));
        Thread[] consumer = new Thread[1];
        CompletableFuture<Void> setup = CompletableFuture.runAsync(() -> {
            consumer[0] = Thread.currentThread();
            try {
                gate.setup();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (consumer[0] == null || consumer[0].getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1); // until it waits for the connection
        }
        long start = System.nanoTime();
        gate.cancel();
        ExecutionException e = assertThrows(ExecutionException.class, () -> setup.get(20, TimeUnit.SECONDS));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(CancelledWaitException.class, e.getCause().getClass(), String.valueOf(e.getCause()));
        assertTrue(millis < SLACK_MILLIS, "took " + millis + " ms to stop waiting (connect timeout 30 s)");
    }
}
