package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.cluster.taskexecutor.TaskExecutor;
import dev.spindle.cluster.taskexecutor.TaskManagerRunner;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.config.RestOptions;
import dev.spindle.graph.JobGraph;
import dev.spindle.ops.LogDirectory;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.log4j.FileAppender;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operational routes of a JobManager's REST endpoint with a TaskManager in this JVM, over real
 * sockets: the TaskManager is found through the resource manager's registrations and asked over
 * RPC with the leadership's token; its log directory is the one its launcher named.
 */
class ClusterOperationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ClusterSecret secret = ClusterSecret.generate();
    private final HttpClient http = HttpClient.newHttpClient();
    private String logFileBefore;
    private FileAppender appender;
    private Level levelBefore;
    private JobManagerRunner jobManager;
    private TaskManagerRunner taskManager;
    private URI rest;

    @BeforeEach
    void start() throws Exception {
        Path logFile = dir.resolve("logs").resolve("taskmanager.log");
        Files.createDirectories(logFile.getParent());
        logFileBefore = System.getProperty(LogDirectory.LOG_FILE_PROPERTY);
        System.setProperty(LogDirectory.LOG_FILE_PROPERTY, logFile.toString());
        appender = new FileAppender(new PatternLayout("%p %c{1} [%t] - %m%n"), logFile.toString(), false);
        Logger logger = Logger.getLogger(TaskExecutor.class);
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.setAdditivity(false);
        logger.addAppender(appender);
        Configuration config = new Configuration();
        config.set(ClusterOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(200));
        config.set(RestOptions.PORT, 0);
        jobManager = JobManagerRunner.start(config, secret, null, "127.0.0.1");
        rest = URI.create("http://127.0.0.1:"
                + jobManager.startRestEndpoint(dir.resolve("uploads")).getPort());
        taskManager =
                TaskManagerRunner.start(config, secret, "tm-1", 1, jobManager.rpcAddress(), "127.0.0.1", () -> {});
    }

    @AfterEach
    void stop() {
        if (taskManager != null) {
            taskManager.close();
        }
        if (jobManager != null) {
            jobManager.close();
        }
        Logger logger = Logger.getLogger(TaskExecutor.class);
        logger.removeAppender(appender);
        logger.setLevel(levelBefore);
        logger.setAdditivity(true);
        appender.close();
        if (logFileBefore == null) {
            System.clearProperty(LogDirectory.LOG_FILE_PROPERTY);
        } else {
            System.setProperty(LogDirectory.LOG_FILE_PROPERTY, logFileBefore);
        }
    }

    @Test
    void aRunningTaskShowsInTheTaskManagersThreadDumpAndLog() throws Exception {
        Configuration jobConfig = new Configuration();
        jobConfig.set(CoreOptions.DEFAULT_PARALLELISM, 1);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(jobConfig);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 1_000).addSink(v -> {});
        JobGraph graph = env.getJobGraph("endless");
        jobManager.dispatcher().submitJob(graph, List.of()).get();
        // What the TaskManager logs when a task starts (TaskExecutor.submitTask).
        String started = "(subtask 0) of job " + graph.jobId() + " started in slot 0";
        awaitLogLine(started);

        HttpResponse<String> logs = get("/taskmanagers/tm-1/logs");
        assertEquals(200, logs.statusCode(), logs.body());
        JsonNode listed = JSON.readTree(logs.body()).get("logs");
        assertEquals(1, listed.size(), logs.body());
        assertEquals("taskmanager.log", listed.get(0).get("name").asText());
        assertTrue(get("/taskmanagers/tm-1/logs/taskmanager.log").body().contains(started));
        // One JVM here: the JobManager's log directory is the same one.
        assertEquals(logs.body(), get("/jobmanager/logs").body());

        List<String> threads = new ArrayList<>();
        JSON.readTree(get("/taskmanagers/tm-1/thread-dump").body())
                .get("threadInfos")
                .forEach(t -> threads.add(t.get("threadName").asText()));
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("Spindle task ")), threads.toString());
        // The TaskManager's own registry answers: its JVM metrics, and the running task's.
        assertTrue(get("/taskmanagers/tm-1/metrics").body().contains("{\"id\":\"Status.JVM.Memory.Heap.Used\"}"));
        String vertex = JSON.readTree(get("/jobs/" + graph.jobId()).body())
                .get("vertices")
                .get(0)
                .get("id")
                .asText();
        String taskMetrics = get("/jobs/" + graph.jobId() + "/vertices/" + vertex + "/metrics")
                .body();
        assertTrue(taskMetrics.contains("{\"id\":\"0.numRecordsOut\"}"), taskMetrics);

        HttpResponse<String> unknown = get("/taskmanagers/tm-2/thread-dump");
        assertEquals(404, unknown.statusCode());
        assertEquals(
                "{\"errors\":[\"no TaskManager tm-2 is registered; GET /taskmanagers lists those that are\"]}",
                unknown.body());
    }

    private void awaitLogLine(String line) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!get("/taskmanagers/tm-1/logs/taskmanager.log").body().contains(line)) {
            assertTrue(System.currentTimeMillis() < deadline, "no line '" + line + "' in the TaskManager's log");
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(rest.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
