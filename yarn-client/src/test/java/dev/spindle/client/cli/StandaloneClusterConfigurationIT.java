package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.cli.Scripts.ScriptRun;
import dev.spindle.client.cli.programs.UnboundedProgram;
import dev.spindle.util.ProcessCommandLines;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options of {@code scripts/standalone-cluster start -D key=value} reach the JobManager and
 * its TaskManagers in owner-only files, never on a command line, which every user of the machine
 * reads in {@code ps} or {@code /proc/<pid>/cmdline}: a marker secret among them is on no command
 * line of the cluster's processes and in none of their logs, while an option only a TaskManager
 * reads ({@code taskmanager.data.port}) is in effect in the TaskManager a job starts.
 */
class StandaloneClusterConfigurationIT {
    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void optionsReachTheClusterInOwnerOnlyFilesAndOnNoCommandLine() throws Exception {
        Path clusterDir = dir.resolve("cluster");
        // config.yaml as an operator writes it: its slots reach the TaskManagers, and -D overrides its data port.
        Path confDir = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(confDir.resolve("config.yaml"), "taskmanager:\n  numberOfTaskSlots: 3\n  data.port: 1\n");
        Map<String, String> env =
                Map.of("SPINDLE_CLUSTER_DIR", clusterDir.toString(), "SPINDLE_CONF_DIR", confDir.toString());
        String marker = "marker-" + Long.toHexString(new SecureRandom().nextLong());
        int dataPort;
        try (ServerSocket free = new ServerSocket(0)) {
            dataPort = free.getLocalPort();
        }

        ScriptRun start = Scripts.run(
                dir,
                env,
                "standalone-cluster",
                "start",
                "-D",
                "rest.port=0",
                "-Dfs.s3a.secret.key=" + marker,
                "-D",
                "taskmanager.data.port=" + dataPort);
        try {
            assertEquals(0, start.exitCode(), start::toString);
            assertFalse(start.out().contains(marker) || start.err().contains(marker), start::toString);
            // A job, so that the JobManager starts a TaskManager process.
            Path jar = TestJars.jar(
                    dir.resolve("unbounded.jar"), UnboundedProgram.class.getName(), UnboundedProgram.class);
            ScriptRun run = Scripts.run(
                    dir, env, "spindle", "run", "-t", "standalone", "--detached", "-p", "1", jar.toString());
            assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
            assertEquals(
                    1,
                    run.out()
                            .lines()
                            .filter(l -> SUBMITTED.matcher(l).matches())
                            .count(),
                    run::toString);

            String taskManagers = awaitTaskManagers(restAddress(clusterDir));
            assertEquals(List.of(dataPort), dataPorts(taskManagers), taskManagers);
            assertTrue(taskManagers.contains("\"slotsNumber\":3"), () -> "config.yaml's slots: " + taskManagers);
            assertLogsOverRest(
                    restAddress(clusterDir),
                    taskManagers,
                    marker,
                    Files.readString(clusterDir.resolve("cluster.secret")).trim());

            ProcessHandle jobManager = ProcessHandle.of(
                            Long.parseLong(Files.readString(clusterDir.resolve("jobmanager.pid"))
                                    .trim()))
                    .orElseThrow();
            List<ProcessHandle> processes = new ArrayList<>(List.of(jobManager));
            processes.addAll(jobManager.descendants().toList());
            assertEquals(2, processes.size(), () -> "the JobManager and one TaskManager: " + processes);
            for (ProcessHandle p : processes) {
                String cmdline = ProcessCommandLines.of(p).orElse("");
                assertFalse(
                        cmdline.contains(marker),
                        () -> "a configuration value on the command line of pid " + p.pid() + ": " + cmdline);
                assertTrue(cmdline.contains("--config-file " + clusterDir), cmdline);
            }
            for (String file : List.of("cluster.conf", "taskmanager.conf")) {
                assertEquals(
                        "rw-------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(clusterDir.resolve(file))),
                        file);
                assertTrue(Files.readString(clusterDir.resolve(file)).contains("fs.s3a.secret.key=" + marker), file);
            }
            try (Stream<Path> files = Files.walk(clusterDir)) {
                for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                    assertFalse(
                            Files.readString(log, StandardCharsets.ISO_8859_1).contains(marker), log::toString);
                }
            }
        } finally {
            ScriptRun stop = Scripts.run(dir, env, "standalone-cluster", "stop");
            assertEquals(0, stop.exitCode(), stop::toString);
        }
        for (String file : List.of("cluster.conf", "taskmanager.conf")) {
            assertFalse(Files.exists(clusterDir.resolve(file)), file + " outlived the cluster");
        }
    }

    /**
     * The launcher named each process's log file: the JobManager serves its {@code jobmanager.log}
     * and the TaskManager its {@code worker.log}, and nothing else of their directories (not the
     * cluster's secret); neither shows the secret or a configuration value.
     */
    private static void assertLogsOverRest(URI rest, String taskManagers, String marker, String secretHex)
            throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String tm =
                json.readTree(taskManagers).get("taskmanagers").get(0).get("id").asText();
        HttpClient http = HttpClient.newHttpClient();
        java.util.function.Function<String, HttpResponse<String>> get = path -> {
            try {
                return http.send(
                        HttpRequest.newBuilder(rest.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertEquals(
                "jobmanager.log",
                json.readTree(get.apply("/jobmanager/logs").body())
                        .get("logs")
                        .get(0)
                        .get("name")
                        .asText());
        assertEquals(
                1,
                json.readTree(get.apply("/jobmanager/logs").body()).get("logs").size());
        assertEquals(
                "worker.log",
                json.readTree(get.apply("/taskmanagers/" + tm + "/logs").body())
                        .get("logs")
                        .get(0)
                        .get("name")
                        .asText());
        assertEquals(404, get.apply("/jobmanager/logs/cluster.secret").statusCode());
        for (String path : List.of(
                "/jobmanager/logs/jobmanager.log",
                "/taskmanagers/" + tm + "/logs/worker.log",
                "/jobmanager/thread-dump",
                "/taskmanagers/" + tm + "/thread-dump")) {
            HttpResponse<String> r = get.apply(path);
            assertEquals(200, r.statusCode(), path);
            assertFalse(r.body().contains(marker), path);
            assertFalse(
                    r.body().toLowerCase(java.util.Locale.ROOT).contains(secretHex.toLowerCase(java.util.Locale.ROOT)),
                    path);
        }
        assertTrue(get.apply("/jobmanager/logs/jobmanager.log").body().contains("Submitted job "));
    }

    private static URI restAddress(Path clusterDir) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(clusterDir.resolve("jobmanager.properties"))) {
            p.load(in);
        }
        return URI.create(p.getProperty("rest.address"));
    }

    /** {@code GET /taskmanagers} (a read: no secret needed) until one TaskManager is registered. */
    private static String awaitTaskManagers(URI rest) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String body;
        do {
            body = http.send(
                            HttpRequest.newBuilder(rest.resolve("/taskmanagers"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            if (!dataPorts(body).isEmpty()) {
                return body;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no TaskManager registered within " + WAIT + ": " + body);
    }

    private static List<Integer> dataPorts(String taskManagers) {
        Matcher m = Pattern.compile("\"dataPort\"\\s*:\\s*(\\d+)").matcher(taskManagers);
        List<Integer> ports = new ArrayList<>();
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        return ports;
    }
}
