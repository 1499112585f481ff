package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.cluster.taskexecutor.TaskManagerRunner;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.jobmanager.JobResultInfo;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TaskManager's log tells the story of its tasks, read from the log events of a real
 * TaskExecutor (a JobManager and a TaskManager in this JVM, over real sockets): each task's start,
 * and its end, finished, failed with the cause's message, or cancelled; and why the TaskManager
 * shut down.
 */
class TaskManagerLogTest {
    private static final long WAIT_MILLIS = 15_000;
    private final ClusterSecret secret = ClusterSecret.generate();
    private final Capture capture = new Capture();
    private final Logger clusterLogger = Logger.getLogger("dev.spindle.cluster");
    private Level levelBefore;
    private JobManagerRunner jobManager;
    private TaskManagerRunner taskManager;

    /** Every event of the cluster package, as "LEVEL message". */
    private static final class Capture extends AppenderSkeleton {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(LoggingEvent event) {
            lines.add(event.getLevel() + " " + event.getRenderedMessage());
        }

        @Override
        public void close() {}

        @Override
        public boolean requiresLayout() {
            return false;
        }
    }

    @BeforeEach
    void startCluster() throws Exception {
        levelBefore = clusterLogger.getLevel();
        clusterLogger.setLevel(Level.INFO);
        clusterLogger.addAppender(capture);
        Configuration config = new Configuration();
        config.set(ClusterOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(200));
        config.set(ClusterOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(5));
        jobManager = JobManagerRunner.start(config, secret, null, "127.0.0.1");
        taskManager =
                TaskManagerRunner.start(config, secret, "tm-log", 4, jobManager.rpcAddress(), "127.0.0.1", () -> {});
    }

    @AfterEach
    void stopCluster() {
        try {
            if (taskManager != null) {
                taskManager.close();
            }
            if (jobManager != null) {
                jobManager.close();
            }
        } finally {
            clusterLogger.removeAppender(capture);
            clusterLogger.setLevel(levelBefore);
        }
    }

    @Test
    void eachTaskStartsAndFinishes() throws Exception {
        StreamExecutionEnvironment env = env();
        env.fromSequence(1, 100).map(x -> x * 2).returns(Types.LONG).addSink(v -> {});
        JobGraph graph = env.getJobGraph("finishing");
        assertEquals(JobStatus.FINISHED, run(graph).status());
        for (String task : taskNames(graph)) {
            awaitLine("INFO Task " + task + " \\(subtask 0\\) of job " + graph.jobId() + " started in slot \\d+");
            awaitLine("INFO Task " + task + " \\(subtask 0\\) of job " + graph.jobId() + " finished");
        }
    }

    @Test
    void aFailingTaskIsLoggedWithItsCause() throws Exception {
        StreamExecutionEnvironment env = env();
        env.fromSequence(1, 100)
                .map(x -> {
                    if (x == 42L) {
                        throw new IllegalStateException("boom at 42");
                    }
                    return x;
                })
                .returns(Types.LONG)
                .addSink(v -> {});
        JobGraph graph = env.getJobGraph("failing");
        assertEquals(JobStatus.FAILED, run(graph).status());
        awaitLine("WARN Task .+ \\(1/1\\) \\(subtask 0\\) of job " + graph.jobId()
                + " failed: java.lang.IllegalStateException: boom at 42");
    }

    @Test
    void cancelledTasksAndTheShutdownAreLogged() throws Exception {
        StreamExecutionEnvironment env = env();
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 1_000)
                .keyBy(i -> i % 10)
                .sum(0)
                .addSink(v -> {});
        JobGraph graph = env.getJobGraph("endless");
        jobManager.dispatcher().submitJob(graph, List.of()).get();
        for (String task : taskNames(graph)) {
            awaitLine("INFO Task " + task + " \\(subtask 0\\) of job " + graph.jobId() + " started in slot \\d+");
        }
        jobManager.dispatcher().cancelJob(graph.jobId()).get();
        for (String task : taskNames(graph)) {
            awaitLine("INFO Task " + task + " \\(subtask 0\\) of job " + graph.jobId() + " was cancelled");
        }
        taskManager.shutDown("the test is over");
        awaitLine("INFO TaskManager tm-log shutting down: the test is over");
        taskManager = null;
    }

    private static StreamExecutionEnvironment env() {
        Configuration jobConfig = new Configuration();
        jobConfig.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        return StreamExecutionEnvironment.createLocalEnvironment(jobConfig);
    }

    /** The tasks' names as the TaskManager logs them: the vertex's name and "(1/1)", quoted for a regex. */
    private static List<String> taskNames(JobGraph graph) {
        return graph.vertices().stream()
                .map(JobVertex::name)
                .map(n -> Pattern.quote(n + " (1/1)"))
                .toList();
    }

    private JobResultInfo run(JobGraph graph) throws Exception {
        jobManager.dispatcher().submitJob(graph, List.of()).get();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        JobResultInfo r;
        while (!(r = jobManager.dispatcher().requestJobResult(graph.jobId()).get())
                .status()
                .isTerminal()) {
            assertTrue(System.currentTimeMillis() < deadline, "job still " + r.status());
            Thread.sleep(20);
        }
        return r;
    }

    /** Waits for a log line matching {@code regex} in full (a task reports its end just after logging it). */
    private void awaitLine(String regex) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (capture.lines.stream().noneMatch(l -> p.matcher(l).matches())) {
            if (System.currentTimeMillis() > deadline) {
                fail("no log line matches " + regex + "; the lines:\n" + String.join("\n", capture.lines));
            }
            Thread.sleep(20);
        }
    }
}
