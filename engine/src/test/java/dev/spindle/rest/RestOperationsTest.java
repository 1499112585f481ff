package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.config.Configuration;
import dev.spindle.config.MemorySize;
import dev.spindle.config.RestOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.jobmanager.TaskManagerDetails;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.ops.LogDirectory;
import dev.spindle.ops.LogFileInfo;
import dev.spindle.ops.TaskManagerOperations;
import dev.spindle.ops.ThreadDumpEntry;
import dev.spindle.ops.ThreadDumps;
import dev.spindle.ops.UnknownTaskManagerException;
import dev.spindle.security.RestTokens;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metric, backpressure, log and thread-dump routes on a real server: their shapes, exactly, and
 * their errors, with the metrics of two TaskManagers and the JobManager as dumps in memory and log
 * files in directories of their own.
 */
class RestOperationsTest extends RestTestSupport {
    private final JobId job = JobId.generate();
    private final String jobHex = job.toString();
    private Path jobManagerLogs;
    private Path tm1Logs;

    private final List<MetricDump> jobManagerDumps = List.of(
            new MetricDump(QueryScope.jobManager(), "numRegisteredTaskManagers", "2"),
            new MetricDump(QueryScope.jobManager(), "Status.JVM.Threads.Count", "30"),
            new MetricDump(QueryScope.job(jobHex), "numRestarts", "1"));
    private final Map<String, List<MetricDump>> taskManagerDumps = Map.of(
            "tm-1",
            List.of(
                    new MetricDump(QueryScope.taskManager("tm-1"), "Status.JVM.Threads.Count", "10"),
                    new MetricDump(QueryScope.task("tm-1", jobHex, "1", 0), "numRecordsIn", "3"),
                    new MetricDump(QueryScope.task("tm-1", jobHex, "1", 0), "backPressuredTimeMsPerSecond", "50"),
                    new MetricDump(QueryScope.task("tm-1", jobHex, "1", 0), "idleTimeMsPerSecond", "900"),
                    new MetricDump(QueryScope.task("tm-1", jobHex, "1", 0), "busyTimeMsPerSecond", "50"),
                    new MetricDump(QueryScope.operator("tm-1", jobHex, "1", 0, "Map"), "numRecordsOut", "3")),
            "tm-2",
            List.of(
                    new MetricDump(QueryScope.taskManager("tm-2"), "Status.JVM.Threads.Count", "20"),
                    new MetricDump(QueryScope.taskManager("tm-2"), "Status.Note", "n/a"),
                    new MetricDump(QueryScope.task("tm-2", jobHex, "1", 1), "numRecordsIn", "5"),
                    new MetricDump(QueryScope.task("tm-2", jobHex, "1", 1), "backPressuredTimeMsPerSecond", "600.0"),
                    new MetricDump(QueryScope.task("tm-2", jobHex, "1", 1), "idleTimeMsPerSecond", "100"),
                    new MetricDump(QueryScope.task("tm-2", jobHex, "1", 1), "busyTimeMsPerSecond", "300")));

    /** The TaskManagers as the JobManager reaches them: dumps and log directories here, unknown ids refused. */
    private final class InMemoryTaskManagers implements TaskManagerOperations {
        private <T> CompletableFuture<T> known(String id, java.util.function.Supplier<T> answer) {
            return taskManagerDumps.containsKey(id)
                    ? CompletableFuture.supplyAsync(answer)
                    : CompletableFuture.failedFuture(new UnknownTaskManagerException(id));
        }

        private LogDirectory logsOf(String id) {
            return id.equals("tm-1") ? LogDirectory.of(tm1Logs) : LogDirectory.NONE;
        }

        @Override
        public CompletableFuture<List<MetricDump>> requestMetrics(String id) {
            return known(id, () -> taskManagerDumps.get(id));
        }

        @Override
        public CompletableFuture<List<ThreadDumpEntry>> requestThreadDump(String id) {
            return known(id, ThreadDumps::current);
        }

        @Override
        public CompletableFuture<List<LogFileInfo>> requestLogList(String id) {
            return known(id, () -> {
                try {
                    return logsOf(id).list();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        @Override
        public CompletableFuture<byte[]> requestLogFile(String id, String name, long offset, int length) {
            return known(id, () -> {
                try {
                    return logsOf(id).read(name, offset, length);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        jobManagerLogs = Files.createDirectories(dir.resolve("jm"));
        tm1Logs = Files.createDirectories(dir.resolve("tm-1"));
        // What else lives in a log directory: a standalone cluster's secret, a container's launch script.
        secret.writeTo(jobManagerLogs.resolve("cluster.secret"));
        secret.writeTo(tm1Logs.resolve("cluster.secret"));
        Files.writeString(tm1Logs.resolve("launch_container.sh"), "export TOKEN=" + token() + "\n");
        Files.writeString(jobManagerLogs.resolve("jobmanager.log"), "JobManager started\n");
        Files.writeString(tm1Logs.resolve("taskmanager.log"), "Task Map (subtask 0) of job " + jobHex + " started\n");
        Files.writeString(tm1Logs.resolve("stdout"), "");
        gateway.taskManagers = List.of(
                new TaskManagerDetails("tm-1", "127.0.0.1:1", 2, 1, 0, 0),
                new TaskManagerDetails("tm-2", "127.0.0.1:2", 3, 1, 0, 0));
        gateway.jobs.put(
                job,
                new JobDetails(
                        job,
                        "streaming",
                        JobStatus.RUNNING,
                        1000,
                        -1,
                        1200,
                        List.of(
                                new JobDetails.VertexDetails(1, "Map", 2, 128, Map.of("RUNNING", 2)),
                                new JobDetails.VertexDetails(2, "Sink", 1, 128, Map.of("RUNNING", 1)))));
        Configuration config = new Configuration();
        config.set(RestOptions.METRICS_FETCHER_UPDATE_INTERVAL, Duration.ZERO);
        config.set(RestOptions.LOG_FILE_MAX_SIZE, new MemorySize(1024));
        start(
                config,
                null,
                new OperationsSources(
                        new InMemoryTaskManagers(), () -> jobManagerDumps, LogDirectory.of(jobManagerLogs)));
    }

    private void assertJson(String expected, String path) throws IOException {
        Reply reply = get(path);
        assertEquals(200, reply.status(), path + ": " + reply.json());
        assertEquals(JSON.readTree(expected), reply.json(), path);
    }

    private void assertError(int status, String message, String path) {
        Reply reply = get(path);
        assertEquals(status, reply.status(), path + ": " + reply.json());
        assertEquals(message, reply.error(), path);
    }

    @Test
    void processMetricsAreListedAndRead() throws IOException {
        assertJson(
                "[{\"id\":\"Status.JVM.Threads.Count\"},{\"id\":\"numRegisteredTaskManagers\"}]",
                "/jobmanager/metrics");
        assertJson(
                "[{\"id\":\"numRegisteredTaskManagers\",\"value\":\"2\"}]",
                "/jobmanager/metrics?get=numRegisteredTaskManagers,noSuchMetric");
        assertJson("[{\"id\":\"Status.JVM.Threads.Count\"}]", "/taskmanagers/tm-1/metrics");
        assertJson(
                "[{\"id\":\"Status.JVM.Threads.Count\",\"value\":\"20\"},{\"id\":\"Status.Note\",\"value\":\"n/a\"}]",
                "/taskmanagers/tm-2/metrics?get=Status.JVM.Threads.Count,Status.Note");
        assertJson("[{\"id\":\"numRestarts\",\"value\":\"1\"}]", "/jobs/" + jobHex + "/metrics?get=numRestarts");
    }

    @Test
    void taskManagerMetricsAreAggregated() throws IOException {
        assertJson("[{\"id\":\"Status.JVM.Threads.Count\"},{\"id\":\"Status.Note\"}]", "/taskmanagers/metrics");
        assertJson(
                "[{\"id\":\"Status.JVM.Threads.Count\",\"min\":10.0,\"max\":20.0,\"avg\":15.0,\"sum\":30.0}]",
                "/taskmanagers/metrics?get=Status.JVM.Threads.Count,Status.Note");
        assertJson(
                "[{\"id\":\"Status.JVM.Threads.Count\",\"max\":20.0,\"sum\":30.0}]",
                "/taskmanagers/metrics?get=Status.JVM.Threads.Count&agg=max,sum");
        assertError(400, "unknown aggregation 'median'; use min, max, avg or sum", "/taskmanagers/metrics?agg=median");
    }

    @Test
    void vertexMetricsAreNamedBySubtaskAndOperator() throws IOException {
        String vertex = "/jobs/" + jobHex + "/vertices/1";
        assertJson(
                "[{\"id\":\"0.Map.numRecordsOut\"},{\"id\":\"0.backPressuredTimeMsPerSecond\"},"
                        + "{\"id\":\"0.busyTimeMsPerSecond\"},{\"id\":\"0.idleTimeMsPerSecond\"},"
                        + "{\"id\":\"0.numRecordsIn\"},{\"id\":\"1.backPressuredTimeMsPerSecond\"},"
                        + "{\"id\":\"1.busyTimeMsPerSecond\"},{\"id\":\"1.idleTimeMsPerSecond\"},"
                        + "{\"id\":\"1.numRecordsIn\"}]",
                vertex + "/metrics");
        assertJson(
                "[{\"id\":\"1.numRecordsIn\",\"value\":\"5\"},{\"id\":\"0.Map.numRecordsOut\",\"value\":\"3\"}]",
                vertex + "/metrics?get=1.numRecordsIn,0.Map.numRecordsOut");
        assertJson(
                "[{\"id\":\"numRecordsIn\",\"min\":3.0,\"max\":5.0,\"avg\":4.0,\"sum\":8.0}]",
                vertex + "/subtasks/metrics?get=numRecordsIn");
        assertJson(
                "[{\"id\":\"numRecordsIn\",\"value\":\"3\"},{\"id\":\"Map.numRecordsOut\",\"value\":\"3\"}]",
                vertex + "/subtasks/0/metrics?get=numRecordsIn,Map.numRecordsOut");
        assertJson("[]", "/jobs/" + jobHex + "/vertices/2/metrics");
    }

    @Test
    void unknownJobsVerticesSubtasksAndTaskManagersAreNamed() {
        JobId other = JobId.generate();
        assertError(404, "no job " + other, "/jobs/" + other + "/metrics");
        assertError(404, "no job " + other, "/jobs/" + other + "/vertices/1/metrics");
        assertError(
                404,
                "job " + jobHex + " has no vertex 7; GET /jobs/" + jobHex + " lists its vertices",
                "/jobs/" + jobHex + "/vertices/7/metrics");
        assertError(
                404,
                "job " + jobHex + " has no vertex 7; GET /jobs/" + jobHex + " lists its vertices",
                "/jobs/" + jobHex + "/vertices/7/backpressure");
        assertError(
                404,
                "vertex 1 has no subtask 2; its subtasks are 0 to 1",
                "/jobs/" + jobHex + "/vertices/1/subtasks/2/metrics");
        assertError(
                400,
                "subtask index must be a whole number, was 'x'",
                "/jobs/" + jobHex + "/vertices/1/subtasks/x/metrics");
        String noTm9 = "no TaskManager tm-9 is registered; GET /taskmanagers lists those that are";
        assertError(404, noTm9, "/taskmanagers/tm-9/metrics");
        assertError(404, noTm9, "/taskmanagers/tm-9/logs");
        assertError(404, noTm9, "/taskmanagers/tm-9/logs/taskmanager.log");
        assertError(404, noTm9, "/taskmanagers/tm-9/thread-dump");
    }

    @Test
    void backpressureIsTheShareOfTimeBackPressured() throws IOException {
        Reply reply = get("/jobs/" + jobHex + "/vertices/1/backpressure");
        assertEquals(200, reply.status());
        assertEquals("ok", reply.json().get("status").asText());
        assertEquals("high", reply.json().get("backpressure-level").asText());
        assertTrue(reply.json().get("end-timestamp").asLong() > 0);
        assertEquals(
                JSON.readTree("[{\"subtask\":0,\"backpressure-level\":\"ok\",\"ratio\":0.05,\"idleRatio\":0.9,"
                        + "\"busyRatio\":0.05},{\"subtask\":1,\"backpressure-level\":\"high\",\"ratio\":0.6,"
                        + "\"idleRatio\":0.1,\"busyRatio\":0.3}]"),
                reply.json().get("subtasks"));

        Reply none = get("/jobs/" + jobHex + "/vertices/2/backpressure");
        assertEquals("deprecated", none.json().get("status").asText());
        assertEquals("ok", none.json().get("backpressure-level").asText());
        assertEquals(0, none.json().get("subtasks").size());
        assertEquals("ok", MetricHandlers.level(0.10));
        assertEquals("low", MetricHandlers.level(0.11));
        assertEquals("low", MetricHandlers.level(0.5));
        assertEquals("high", MetricHandlers.level(0.51));
    }

    @Test
    void logFilesAreListedAndServedAsText() throws Exception {
        Reply list = get("/taskmanagers/tm-1/logs");
        assertEquals(200, list.status());
        List<String> names = new ArrayList<>();
        list.json().get("logs").forEach(l -> names.add(l.get("name").asText()));
        assertEquals(List.of("stdout", "taskmanager.log"), names);
        JsonNode tmLog = list.json().get("logs").get(1);
        assertEquals(
                Files.size(tm1Logs.resolve("taskmanager.log")),
                tmLog.get("size").asLong());
        assertEquals(
                Files.getLastModifiedTime(tm1Logs.resolve("taskmanager.log")).toMillis(),
                tmLog.get("mtime").asLong());
        assertJson("{\"logs\":[]}", "/taskmanagers/tm-2/logs");

        HttpResponse<String> file = text("/taskmanagers/tm-1/logs/taskmanager.log");
        assertEquals(200, file.statusCode());
        assertEquals(
                "text/plain; charset=utf-8",
                file.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("Task Map (subtask 0) of job " + jobHex + " started\n", file.body());
        assertEquals("", text("/taskmanagers/tm-1/logs/stdout").body());

        Reply jmList = get("/jobmanager/logs");
        assertEquals(1, jmList.json().get("logs").size());
        assertEquals(
                "jobmanager.log", jmList.json().get("logs").get(0).get("name").asText());
        assertEquals(
                "JobManager started\n", text("/jobmanager/logs/jobmanager.log").body());
    }

    @Test
    void ofALargeFileItsEndIsServed() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            lines.append(String.format("line %03d\n", i)); // 9 bytes a line
        }
        Files.writeString(jobManagerLogs.resolve("jobmanager.log"), lines);
        Files.writeString(tm1Logs.resolve("taskmanager.log"), lines);
        String end = lines.substring(lines.length() - 1024);
        assertEquals(end, text("/jobmanager/logs/jobmanager.log").body());
        assertEquals(end, text("/taskmanagers/tm-1/logs/taskmanager.log").body());
    }

    @Test
    void onlyPlainNamesOfListedLogFilesAreServed() {
        assertError(
                400,
                "'..' is not a plain file name; give the name of a file that the logs route lists",
                "/jobmanager/logs/..");
        assertError(
                400,
                "'..' is not a plain file name; give the name of a file that the logs route lists",
                "/taskmanagers/tm-1/logs/..");
        assertError(404, "not found: /jobmanager/logs/../cluster.secret", "/jobmanager/logs/..%2Fcluster.secret");
        assertError(
                404,
                "the JobManager has no log file 'cluster.secret'; its files: jobmanager.log",
                "/jobmanager/logs/cluster.secret");
        assertError(
                404,
                "TaskManager tm-1 has no log file 'launch_container.sh'; its files: stdout, taskmanager.log",
                "/taskmanagers/tm-1/logs/launch_container.sh");
    }

    @Test
    void threadDumpsShowEveryThreadWithItsStack() {
        Reply jm = get("/jobmanager/thread-dump");
        assertEquals(200, jm.status());
        String self = Thread.currentThread().getName();
        JsonNode mine = null;
        for (JsonNode t : jm.json().get("threadInfos")) {
            if (t.get("threadName").asText().equals(self)) {
                mine = t;
            }
        }
        assertTrue(mine != null, "no thread " + self + " in " + jm.json());
        String info = mine.get("stringifiedThreadInfo").asText();
        assertTrue(
                info.startsWith("\"" + self + "\" Id=" + Thread.currentThread().getId() + " "), info);
        assertTrue(
                info.contains(RestOperationsTest.class.getName() + ".threadDumpsShowEveryThreadWithItsStack("), info);

        Reply tm = get("/taskmanagers/tm-1/thread-dump");
        assertEquals(200, tm.status());
        assertTrue(tm.json().get("threadInfos").size() > 1, tm.json().toString());
    }

    /** Neither the cluster secret (as hex, in either case, or base64) nor the REST token appears in any answer. */
    @Test
    void noAnswerCarriesTheSecretOrTheToken() throws Exception {
        String v = "/jobs/" + jobHex + "/vertices/1";
        List<String> paths = List.of(
                "/jobmanager/metrics",
                "/jobmanager/metrics?get=numRegisteredTaskManagers",
                "/taskmanagers/metrics",
                "/taskmanagers/tm-1/metrics",
                "/jobs/" + jobHex + "/metrics",
                v + "/metrics",
                v + "/subtasks/metrics",
                v + "/subtasks/0/metrics",
                v + "/backpressure",
                "/jobmanager/logs",
                "/jobmanager/logs/jobmanager.log",
                "/jobmanager/logs/cluster.secret",
                "/taskmanagers/tm-1/logs",
                "/taskmanagers/tm-1/logs/taskmanager.log",
                "/taskmanagers/tm-1/logs/cluster.secret",
                "/taskmanagers/tm-1/logs/launch_container.sh",
                "/jobmanager/thread-dump",
                "/taskmanagers/tm-1/thread-dump");
        for (String path : paths) {
            assertNoSecret(path, text(path).body());
        }
    }

    private void assertNoSecret(String path, String body) {
        byte[] key = secret.toBytes();
        for (String form : List.of(
                HexFormat.of().formatHex(key), Base64.getEncoder().encodeToString(key), RestTokens.restToken(secret))) {
            assertFalse(
                    body.toLowerCase(java.util.Locale.ROOT).contains(form.toLowerCase(java.util.Locale.ROOT)),
                    path + " shows a secret");
        }
    }

    private HttpResponse<String> text(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
