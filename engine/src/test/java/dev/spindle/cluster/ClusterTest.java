package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.cluster.taskexecutor.TaskManagerRunner;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.core.JobStatus;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.examples.WordCount;
import dev.spindle.graph.JobGraph;
import dev.spindle.jobmanager.ClusterOverview;
import dev.spindle.jobmanager.JobResultInfo;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JobManager and two TaskManagers in this JVM, talking over real sockets: RPC for control,
 * the Netty data plane for records.
 */
class ClusterTest {
    @TempDir
    Path dir;

    private final ClusterSecret secret = ClusterSecret.generate();
    private Configuration config;
    private JobManagerRunner jobManager;
    private TaskManagerRunner tm1;
    private TaskManagerRunner tm2;

    @BeforeEach
    void startCluster() throws Exception {
        config = new Configuration();
        config.set(ClusterOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(200));
        config.set(ClusterOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(2));
        config.set(ClusterOptions.SLOT_REQUEST_TIMEOUT, Duration.ofSeconds(20));
        jobManager = JobManagerRunner.start(config, secret, null, "127.0.0.1");
        tm1 = TaskManagerRunner.start(config, secret, "tm-1", 1, jobManager.rpcAddress(), "127.0.0.1", () -> {});
        tm2 = TaskManagerRunner.start(config, secret, "tm-2", 1, jobManager.rpcAddress(), "127.0.0.1", () -> {});
    }

    @AfterEach
    void stopCluster() throws Exception {
        tm1.close();
        tm2.close();
        jobManager.close();
    }

    private JobResultInfo await(JobGraph g, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        JobResultInfo r;
        while (!(r = jobManager.dispatcher().requestJobResult(g.jobId()).get())
                .status()
                .isTerminal()) {
            assertTrue(System.currentTimeMillis() < deadline, "job still " + r.status());
            Thread.sleep(20);
        }
        return r;
    }

    @Test
    void wordCountAcrossTwoTaskManagersMatchesTheLocalRun() throws Exception {
        Path input = dir.resolve("in.txt");
        StringBuilder text = new StringBuilder();
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String w = "w" + (i * 7919 % 1000);
            text.append(w).append(i % 10 == 9 ? '\n' : ' ');
            expected.merge(w, 1L, Long::sum);
        }
        Files.writeString(input, text);
        Path output = dir.resolve("out");

        Configuration jobConfig = new Configuration();
        jobConfig.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        jobConfig.set(CoreOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(jobConfig);
        env.readTextFile(input.toString())
                .flatMap(new WordCount.Tokenizer())
                .returns(Types.tuple(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0)
                .sum(1)
                .map(t -> t.f0 + "," + t.f1)
                .returns(Types.STRING)
                .writeAsText(output.toString(), WriteMode.OVERWRITE);
        JobGraph graph = env.getJobGraph("wordcount on a cluster");
        jobManager.dispatcher().submitJob(graph, List.of()).get();
        JobResultInfo result = await(graph, 30_000);
        assertEquals(JobStatus.FINISHED, result.status(), String.valueOf(result.failure()));

        Map<String, Long> actual = new HashMap<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path p : parts.toList()) {
                for (String line : Files.readAllLines(p)) {
                    String[] f = line.split(",");
                    actual.put(f[0], Long.parseLong(f[1]));
                }
            }
        }
        assertEquals(expected, actual);
        ClusterOverview overview =
                jobManager.dispatcher().requestClusterOverview().get();
        assertEquals(2, overview.taskManagers());
        assertEquals(1, overview.jobsFinished());
        // Every exchange gave its buffers back once the job was released on the TaskManagers.
        long deadline = System.currentTimeMillis() + 5_000;
        for (TaskManagerRunner tm : List.of(tm1, tm2)) {
            while (tm.networkBuffers().available() != tm.networkBuffers().total()) {
                assertTrue(
                        System.currentTimeMillis() < deadline,
                        tm.networkBuffers().available() + " of "
                                + tm.networkBuffers().total() + " network buffers free after the job");
                Thread.sleep(20);
            }
        }
    }

    @Test
    void aLostTaskManagerFailsTheJobNamingIt() throws Exception {
        Configuration jobConfig = new Configuration();
        jobConfig.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(jobConfig);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 2_000)
                .keyBy(i -> i % 10)
                .sum(0)
                .addSink(v -> {});
        JobGraph graph = env.getJobGraph("endless");
        jobManager.dispatcher().submitJob(graph, List.of()).get();
        long deadline = System.currentTimeMillis() + 10_000;
        while (jobManager.dispatcher().requestJob(graph.jobId()).get().vertices().stream()
                .anyMatch(v -> !v.tasksPerState().keySet().equals(java.util.Set.of("RUNNING")))) {
            assertTrue(System.currentTimeMillis() < deadline, "tasks did not all start");
            Thread.sleep(20);
        }
        long killed = System.currentTimeMillis();
        tm2.close(); // as good as dead: no heartbeats, no RPC, no data plane
        JobResultInfo result = await(graph, 10_000);
        long took = System.currentTimeMillis() - killed;
        assertEquals(JobStatus.FAILED, result.status());
        assertTrue(took < 2_000 + 2_000, "failed after " + took + " ms (heartbeat.timeout is 2 s)");
        // The heartbeat monitor or a consumer whose connection to it broke, whichever notices first: both name it.
        assertTrue(result.failure().contains("tm-2"), result.failure());
        // The failure's history entry says where the failed task ran.
        dev.spindle.jobmanager.ExceptionHistory.Entry failure = jobManager
                .dispatcher()
                .requestExceptionHistory(graph.jobId())
                .get()
                .latest();
        assertTrue(failure.stacktrace().contains("tm-2"), failure.stacktrace());
        assertTrue(java.util.Set.of("tm-1", "tm-2").contains(failure.location().taskManagerId()), failure.toString());
        assertTrue(failure.location().endpoint().matches("127\\.0\\.0\\.1:\\d+"), failure.toString());
    }
}
