package dev.spindle.cluster.taskexecutor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.cluster.gateway.FencingTokenException;
import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.config.Configuration;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.ops.LogDirectory;
import dev.spindle.ops.LogFileInfo;
import dev.spindle.ops.ThreadDumpEntry;
import dev.spindle.ops.UnknownLogFileException;
import dev.spindle.rpc.RemoteException;
import dev.spindle.rpc.RpcClient;
import dev.spindle.rpc.RpcServer;
import dev.spindle.security.ClusterSecret;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager's metrics, thread dump and log files, asked over a real RPC connection on loopback:
 * what the JobManager's REST endpoint gets, encoded and decoded by the RPC codec, and fenced.
 */
class TaskExecutorOperationsTest {
    private static final String TOKEN = "leadership-1";

    @TempDir
    Path logs;

    private final ClusterSecret secret = ClusterSecret.generate();
    private final MetricRegistry registry = MetricRegistry.create(new Configuration());
    private final java.util.concurrent.CountDownLatch atTheBottom = new java.util.concurrent.CountDownLatch(1);
    private RpcServer server;
    private RpcClient client;
    private TaskManagerGatewayUnderTest tm;

    private record TaskManagerGatewayUnderTest(TaskExecutor executor, TaskExecutorGateway remote) {}

    @BeforeEach
    void start() throws Exception {
        TaskExecutor executor =
                new TaskExecutor("tm-1", 1, getClass().getClassLoader(), registry, "host1", LogDirectory.of(logs));
        executor.metricGroup().counter("numberOfThings").inc(42);
        executor.metricGroup().addGroup("myGroup").counter("myCounter").inc(5);
        executor.connect(null, null, TOKEN);
        server = new RpcServer(secret);
        InetSocketAddress address = server.bind("127.0.0.1", 0);
        server.register(TaskExecutorGateway.ENDPOINT, TaskExecutorGateway.class, executor);
        client = new RpcClient(secret);
        TaskExecutorGateway remote = client.connect(address, TaskExecutorGateway.ENDPOINT, TaskExecutorGateway.class)
                .get(10, TimeUnit.SECONDS);
        tm = new TaskManagerGatewayUnderTest(executor, remote);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        registry.close();
    }

    @Test
    void metricsTravelWithTheirScopes() throws Exception {
        assertEquals(
                List.of(
                        new MetricDump(QueryScope.taskManager("tm-1"), "myGroup.myCounter", "5"),
                        new MetricDump(QueryScope.taskManager("tm-1"), "numberOfThings", "42")),
                tm.remote().requestMetrics(TOKEN).get(10, TimeUnit.SECONDS).stream()
                        .sorted(java.util.Comparator.comparing(MetricDump::name))
                        .toList());
    }

    @Test
    void theThreadDumpHoldsEveryFrameOfADeepStack() throws Exception {
        Thread deep = new Thread(() -> descend(30), "deep-thread");
        deep.setDaemon(true);
        deep.start();
        assertTrue(atTheBottom.await(10, TimeUnit.SECONDS));
        try {
            List<ThreadDumpEntry> threads = tm.remote().requestThreadDump(TOKEN).get(10, TimeUnit.SECONDS);
            ThreadDumpEntry entry = threads.stream()
                    .filter(t -> t.threadName().equals("deep-thread"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    entry.stringifiedThreadInfo().startsWith("\"deep-thread\" Id=" + deep.getId() + " "),
                    entry.stringifiedThreadInfo());
            long frames = entry.stringifiedThreadInfo()
                    .lines()
                    .filter(l -> l.contains(".descend("))
                    .count();
            assertEquals(31, frames, entry.stringifiedThreadInfo());
            assertTrue(threads.stream()
                    .anyMatch(t -> t.threadName().equals("main")
                            || t.threadName().equals(Thread.currentThread().getName())));
        } finally {
            deep.interrupt();
        }
    }

    private void descend(int depth) {
        if (depth > 0) {
            descend(depth - 1);
            return;
        }
        atTheBottom.countDown();
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void logFilesAreListedAndReadInChunks() throws Exception {
        byte[] content = new byte[LogDirectory.MAX_CHUNK_BYTES + 1000];
        Arrays.fill(content, (byte) 'x');
        Files.write(logs.resolve("taskmanager.log"), content);
        Files.writeString(logs.resolve("launch_container.sh"), "export SECRET=1");

        List<LogFileInfo> listed = tm.remote().requestLogList(TOKEN).get(10, TimeUnit.SECONDS);
        assertEquals(1, listed.size());
        assertEquals("taskmanager.log", listed.get(0).name());
        assertEquals(content.length, listed.get(0).size());
        assertEquals(
                Files.getLastModifiedTime(logs.resolve("taskmanager.log")).toMillis(),
                listed.get(0).mtime());

        byte[] first = tm.remote()
                .requestLogFile(TOKEN, "taskmanager.log", 0, Integer.MAX_VALUE)
                .get(10, TimeUnit.SECONDS);
        assertEquals(LogDirectory.MAX_CHUNK_BYTES, first.length);
        byte[] rest = tm.remote()
                .requestLogFile(TOKEN, "taskmanager.log", first.length, LogDirectory.MAX_CHUNK_BYTES)
                .get(10, TimeUnit.SECONDS);
        assertEquals(1000, rest.length);
        Files.writeString(logs.resolve("small.log"), "line one\n");
        assertArrayEquals(
                "one\n".getBytes(StandardCharsets.UTF_8),
                tm.remote().requestLogFile(TOKEN, "small.log", 5, 100).get(10, TimeUnit.SECONDS));
    }

    @Test
    void filesOutsideTheLogsAreRefused() throws Exception {
        Files.writeString(logs.resolve("launch_container.sh"), "export SECRET=1");
        assertRemote(IllegalArgumentException.class, "'../etc/passwd' is not a plain file name", "../etc/passwd");
        assertRemote(IllegalArgumentException.class, "'..' is not a plain file name", "..");
        assertRemote(UnknownLogFileException.class, "no log file 'launch_container.sh'", "launch_container.sh");
        assertRemote(UnknownLogFileException.class, "no log file 'absent.log'", "absent.log");
    }

    private void assertRemote(Class<?> expected, String message, String name) {
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> tm.remote().requestLogFile(TOKEN, name, 0, 10).get(10, TimeUnit.SECONDS));
        RemoteException remote = assertInstanceOf(RemoteException.class, e.getCause());
        assertEquals(expected.getName(), remote.remoteClassName());
        assertTrue(remote.remoteMessage().startsWith(message), remote.remoteMessage());
    }

    @Test
    void aJobManagerWithAnotherTokenIsRefused() {
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> tm.remote().requestLogList("deposed").get(10, TimeUnit.SECONDS));
        RemoteException remote = assertInstanceOf(RemoteException.class, e.getCause());
        assertEquals(FencingTokenException.class.getName(), remote.remoteClassName());
        assertTrue(remote.remoteMessage().contains("refuses a log list request"), remote.remoteMessage());
    }
}
