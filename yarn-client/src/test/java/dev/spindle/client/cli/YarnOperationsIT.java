package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.SUBMITTED_JOB;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.client.cli.programs.IdleWordCountProgram;
import dev.spindle.security.ClusterSecret;
import dev.spindle.security.RestTokens;
import dev.spindle.yarn.MiniYarn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs, thread dumps and metrics of a YARN session's processes over REST (one MiniYARNCluster): a
 * WordCount runs on a TaskManager container; {@code /taskmanagers/{id}/logs} lists the files of that
 * container's log directory and serves its {@code taskmanager.log} with the line the TaskManager
 * wrote when the job's task started; {@code /jobmanager/logs} does the same for the AM container;
 * the thread dumps show the JobManager's main thread and the task's thread; no answer carries the
 * session's secret or its REST token.
 */
class YarnOperationsIT {
    private static final long WAIT_MILLIS = 90_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REST = Pattern.compile("REST endpoint (http://\\S+)");

    @TempDir
    static Path dir;

    static MiniYarn yarn;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startYarn() throws Exception {
        yarn = MiniYarn.start("yarn-operations-it", dir.resolve("conf"), 1536);
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void aTaskManagersLogOnYarnHoldsItsTaskLinesAndNoAnswerHoldsTheSecret() throws Exception {
        CliRun started = session("-d", "-nm", "it-operations", "-jm", "512", "-tm", "512", "-s", "1");
        assertEquals(0, started.exitCode(), started::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));
        URI rest = URI.create(find(REST, started.out()));
        try {
            Path input = writeManyLines(dir.resolve("big.txt"), 3_000_000);
            CliRun run = spindle(
                    "run",
                    "-t",
                    "yarn-session",
                    "-d",
                    "-p",
                    "1",
                    WordCountFiles.examplesJar().toString(),
                    "--input",
                    input.toString(),
                    "--output",
                    dir.resolve("counts").toString());
            assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
            String job = find(SUBMITTED_JOB, run.out());

            String taskManager = awaitTaskManager(rest);
            // What the TaskManager logs when a task of the job starts (TaskExecutor.submitTask).
            String started0 = "(subtask 0) of job " + job + " started in slot 0";
            String tmLog = "/taskmanagers/" + taskManager + "/logs";
            awaitTrue(
                    () -> body(rest, tmLog + "/taskmanager.log").contains(started0),
                    () -> "no '" + started0 + "' in the TaskManager's log:\n" + body(rest, tmLog + "/taskmanager.log"));
            List<String> tmFiles = names(get(rest, tmLog));
            assertTrue(tmFiles.contains("taskmanager.log"), tmFiles::toString);
            assertFalse(tmFiles.contains("launch_container.sh"), tmFiles::toString);

            List<String> jmFiles = names(get(rest, "/jobmanager/logs"));
            assertTrue(jmFiles.contains("jobmanager.log"), jmFiles::toString);
            assertTrue(body(rest, "/jobmanager/logs/jobmanager.log").contains("Submitted job "), jmFiles::toString);
            assertTrue(body(rest, "/jobmanager/logs/jobmanager.log").contains(job));

            List<String> jmThreads = threadNames(get(rest, "/jobmanager/thread-dump"));
            assertTrue(jmThreads.contains("main"), jmThreads::toString);
            List<String> tmThreads = threadNames(get(rest, "/taskmanagers/" + taskManager + "/thread-dump"));
            assertTrue(tmThreads.contains("main"), tmThreads::toString);
            assertTrue(tmThreads.stream().anyMatch(t -> t.startsWith("Spindle task ")), tmThreads::toString);

            HttpResponse<String> unknown = send(rest, "/taskmanagers/no-such-tm/logs");
            assertEquals(404, unknown.statusCode(), unknown.body());

            assertNoSecretIn(appId, rest, taskManager, tmFiles, jmFiles);

            CliRun cancel = spindle("cancel", "-yid", appId.toString(), job);
            assertEquals(ExitCodes.SUCCESS, cancel.exitCode(), cancel::toString);
        } finally {
            CliRun stopped = session("-id", appId.toString(), "stop");
            assertEquals(0, stopped.exitCode(), stopped::toString);
        }
    }

    /**
     * A running WordCount whose input is used up (the source then idles, so the counts stop moving
     * while every task is up): the records in and out of each vertex, summed over its subtasks, are
     * what the text gives, through REST ({@code subtasks/metrics?agg=sum}) and through the
     * Prometheus endpoints of the session's processes (a port range, scraped by a real HTTP client),
     * which agree with each other.
     */
    @Test
    void theRecordCountsOfARunningJobAgreeOverRestAndPrometheus() throws Exception {
        int basePort = freePortBlock();
        String ports = basePort + "-" + (basePort + 9);
        CliRun started = session(
                "-d",
                "-nm",
                "it-metrics",
                "-jm",
                "512",
                "-tm",
                "640",
                "-s",
                "2",
                "-D",
                "metrics.reporter.prom.type=prometheus",
                "-D",
                "metrics.reporter.prom.port=" + ports);
        assertEquals(0, started.exitCode(), started::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));
        URI rest = URI.create(find(REST, started.out()));
        try {
            Path jar = TestJars.jar(
                    dir.resolve("idle-wordcount.jar"),
                    IdleWordCountProgram.class.getName(),
                    IdleWordCountProgram.class,
                    IdleWordCountProgram.Tokenizer.class,
                    IdleWordCountProgram.LinesThenIdle.class);
            CliRun run = spindle("run", "-t", "yarn-session", "-d", jar.toString());
            assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
            String job = find(SUBMITTED_JOB, run.out());

            // The vertices in topological order: the source, the tokenizer, the keyed sum with its sink.
            JsonNode vertices = get(rest, "/jobs/" + job).get("vertices");
            assertEquals(3, vertices.size(), vertices::toString);
            long[][] expected = {
                {0, IdleWordCountProgram.LINES},
                {IdleWordCountProgram.LINES, IdleWordCountProgram.WORDS},
                {IdleWordCountProgram.WORDS, -1} // a sink's task sends nothing on; checked against Prometheus
            };
            long[][] overRest = new long[3][];
            for (int v = 0; v < 3; v++) {
                String path = "/jobs/" + job + "/vertices/"
                        + vertices.get(v).get("id").asText()
                        + "/subtasks/metrics?get=numRecordsIn,numRecordsOut&agg=sum";
                long[] want = expected[v];
                awaitTrue(
                        () -> matches(sums(rest, path), want),
                        () -> path + " answered " + body(rest, path) + ", expected in/out " + want[0] + "/" + want[1]);
                overRest[v] = sums(rest, path);
            }

            Map<String, long[]> overPrometheus = new HashMap<>();
            awaitTrue(
                    () -> {
                        overPrometheus.clear();
                        overPrometheus.putAll(prometheusTaskCounts(basePort, job));
                        return overPrometheus.size() == 3;
                    },
                    () -> "the Prometheus endpoints on " + ports + " show the tasks " + overPrometheus.keySet());
            for (int v = 0; v < 3; v++) {
                String task = vertices.get(v).get("name").asText().replaceAll("[^a-zA-Z0-9_:]", "_");
                long[] scraped = overPrometheus.get(task);
                assertTrue(scraped != null, task + " not among " + overPrometheus.keySet());
                assertEquals(overRest[v][0], scraped[0], task + ": numRecordsIn over REST and Prometheus");
                assertEquals(overRest[v][1], scraped[1], task + ": numRecordsOut over REST and Prometheus");
            }

            CliRun cancel = spindle("cancel", "-yid", appId.toString(), job);
            assertEquals(ExitCodes.SUCCESS, cancel.exitCode(), cancel::toString);
        } finally {
            CliRun stopped = session("-id", appId.toString(), "stop");
            assertEquals(0, stopped.exitCode(), stopped::toString);
        }
    }

    private static boolean matches(long[] actual, long[] expected) {
        return actual != null && actual[0] == expected[0] && (expected[1] < 0 || actual[1] == expected[1]);
    }

    /** numRecordsIn and numRecordsOut summed over a vertex's subtasks, or null while not yet reported. */
    private long[] sums(URI rest, String path) {
        try {
            HttpResponse<String> r = send(rest, path);
            if (r.statusCode() != 200) {
                return null;
            }
            long[] sums = {-1, -1};
            for (JsonNode metric : JSON.readTree(r.body())) {
                int i = metric.get("id").asText().equals("numRecordsIn") ? 0 : 1;
                sums[i] = Math.round(metric.get("sum").asDouble());
            }
            return sums[0] < 0 || sums[1] < 0 ? null : sums;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The job's task-level numRecordsIn/Out summed by task name over every Prometheus endpoint of the
     * port range (the JobManager's and the TaskManager's).
     */
    private Map<String, long[]> prometheusTaskCounts(int basePort, String job) {
        Pattern sample =
                Pattern.compile("spindle_taskmanager_job_task_(numRecordsIn|numRecordsOut)\\{([^}]*)\\} (\\S+)");
        Pattern taskName = Pattern.compile("task_name=\"([^\"]*)\"");
        Map<String, long[]> counts = new HashMap<>();
        for (int port = basePort; port < basePort + 10; port++) {
            String text;
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                text = r.body();
            } catch (Exception e) {
                continue; // no endpoint on this port
            }
            for (String line : text.split("\n")) {
                java.util.regex.Matcher m = sample.matcher(line);
                if (m.matches() && m.group(2).contains("job_id=\"" + job + "\"")) {
                    java.util.regex.Matcher name = taskName.matcher(m.group(2));
                    if (name.find()) {
                        long[] c = counts.computeIfAbsent(name.group(1), n -> new long[2]);
                        c[m.group(1).equals("numRecordsIn") ? 0 : 1] += Math.round(Double.parseDouble(m.group(3)));
                    }
                }
            }
        }
        return counts;
    }

    /** The first of ten free ports in a row, from a range where the OS hands out no ephemeral ones. */
    private static int freePortBlock() throws IOException {
        for (int base = 21000 + (int) (ProcessHandle.current().pid() % 200) * 10; base < 30000; base += 10) {
            boolean free = true;
            for (int p = base; p < base + 10 && free; p++) {
                try (java.net.ServerSocket s = new java.net.ServerSocket(p)) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no ten free ports in a row between 21000 and 30000");
    }

    /** Every new route of both processes, every log file whole: none shows the secret or the token. */
    private void assertNoSecretIn(ApplicationId appId, URI rest, String tm, List<String> tmFiles, List<String> jmFiles)
            throws Exception {
        Path secretFile = dir.resolve("staging")
                .resolve(".spindle")
                .resolve(appId.toString())
                .resolve("secret");
        ClusterSecret secret = ClusterSecret.of(Files.readAllBytes(secretFile));
        List<String> forms = List.of(
                HexFormat.of().formatHex(secret.toBytes()),
                Base64.getEncoder().encodeToString(secret.toBytes()),
                RestTokens.restToken(secret));
        List<String> paths = new ArrayList<>(List.of(
                "/jobmanager/metrics",
                "/taskmanagers/metrics",
                "/taskmanagers/" + tm + "/metrics",
                "/jobmanager/logs",
                "/taskmanagers/" + tm + "/logs",
                "/jobmanager/thread-dump",
                "/taskmanagers/" + tm + "/thread-dump"));
        tmFiles.forEach(f -> paths.add("/taskmanagers/" + tm + "/logs/" + f));
        jmFiles.forEach(f -> paths.add("/jobmanager/logs/" + f));
        for (String path : paths) {
            HttpResponse<String> r = send(rest, path);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            String body = r.body().toLowerCase(Locale.ROOT);
            for (String form : forms) {
                assertFalse(body.contains(form.toLowerCase(Locale.ROOT)), path + " shows the secret or the token");
            }
        }
    }

    private String awaitTaskManager(URI rest) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            JsonNode tms = get(rest, "/taskmanagers").get("taskmanagers");
            if (tms.size() == 1) {
                return tms.get(0).get("id").asText();
            }
            Thread.sleep(200);
        }
        fail("no TaskManager registered within " + WAIT_MILLIS + " ms");
        return null;
    }

    private static List<String> names(JsonNode logList) {
        List<String> names = new ArrayList<>();
        logList.get("logs").forEach(l -> names.add(l.get("name").asText()));
        return names;
    }

    private static List<String> threadNames(JsonNode dump) {
        List<String> names = new ArrayList<>();
        dump.get("threadInfos").forEach(t -> names.add(t.get("threadName").asText()));
        return names;
    }

    private JsonNode get(URI rest, String path) throws Exception {
        HttpResponse<String> r = send(rest, path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private String body(URI rest, String path) {
        try {
            return send(rest, path).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(URI rest, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(rest + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitTrue(
            java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> message)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail(message.get());
            }
            Thread.sleep(200);
        }
    }

    private static CliRun session(String... args) {
        List<String> all =
                new ArrayList<>(List.of("--yarn-conf-dir", dir.resolve("conf").toString()));
        all.addAll(commonOptions());
        all.addAll(List.of(args));
        return CliRun.ofYarnSession(all.toArray(String[]::new));
    }

    private static CliRun spindle(String command, String... args) {
        List<String> all = new ArrayList<>(
                List.of(command, "--yarn-conf-dir", dir.resolve("conf").toString()));
        all.addAll(commonOptions());
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static List<String> commonOptions() {
        return List.of(
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging").toUri(),
                "-D",
                "yarn.properties-file.location=" + dir.resolve("props"));
    }

    /** Lines of ten words from a small vocabulary: big enough for the job to still run while it is looked at. */
    private static Path writeManyLines(Path file, int lines) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                for (int j = 0; j < 10; j++) {
                    w.write(j == 0 ? "" : " ");
                    w.write("w");
                    w.write(Integer.toString((i * 7 + j * 13) % 97));
                }
                w.newLine();
            }
        }
        return file;
    }
}
