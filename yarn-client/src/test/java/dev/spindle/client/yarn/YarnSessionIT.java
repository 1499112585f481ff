package dev.spindle.client.yarn;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.cli.YarnSessionCommand;
import dev.spindle.config.ClientOptions;
import dev.spindle.rest.client.RestClient;
import dev.spindle.yarn.MiniYarn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session mode on a real YARN cluster (one MiniYARNCluster for the class), through the
 * {@code yarn-session} command run in-process: a detached session comes up, answers REST and
 * stops cleanly; deployments that cannot work fail before they leave anything behind.
 */
class YarnSessionIT {
    private static final Pattern REST = Pattern.compile("REST endpoint (http://\\S+)");

    @TempDir
    static Path dir;

    static MiniYarn yarn;
    static YarnClient client;

    @BeforeAll
    static void startYarn() throws Exception {
        yarn = MiniYarn.start("yarn-session-it", dir.resolve("conf"), 2048);
        client = yarn.client();
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    record Run(int exitCode, String out, String err) {}

    private static Run session(String... args) {
        return session(new ByteArrayInputStream(new byte[0]), args);
    }

    private static Run session(java.io.InputStream stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-D",
                "yarn.staging-directory=" + stagingRoot().toUri(),
                "-D",
                "yarn.properties-file.location=" + dir.resolve("props")));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = YarnSessionCommand.run(
                all.toArray(String[]::new),
                stdin,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path stagingRoot() {
        return dir.resolve("staging");
    }

    private static Path propertiesFile() {
        return dir.resolve("props").resolve(".yarn-properties-" + System.getProperty("user.name"));
    }

    @Test
    void detachedSessionComesUpAndStopsCleanly() throws Exception {
        long start = System.nanoTime();
        Run started =
                session("-d", "-nm", "it-session", "-qu", "default", "-jm", "512", "-D", "yarn.tags=nightly,team-a");
        assertEquals(0, started.exitCode(), started::toString);
        System.err.printf("session up in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));
        String restUrl = find(REST, started.out());
        assertTrue(started.out().contains("-id " + appId + " stop"), started.out());

        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(YarnApplicationState.RUNNING, report.getYarnApplicationState());
        assertEquals("Spindle", report.getApplicationType());
        assertEquals("it-session", report.getName());
        assertTrue(Set.of("default", "root.default").contains(report.getQueue()), report.getQueue());
        assertEquals(Set.of("nightly", "team-a"), report.getApplicationTags());
        assertEquals(restUrl, report.getOriginalTrackingUrl());
        // The tracking URL's root: the web dashboard, named after the session, in session mode (through the
        // RM's web proxy in DashboardBrowserIT).
        assertClusterPage(URI.create(restUrl + "/"), "it-session", "session");
        assertEquals(
                0,
                new RestClient(URI.create(restUrl), null, Duration.ofSeconds(10))
                        .overview()
                        .jobsRunning());
        assertEquals(appId.toString(), new YarnPropertiesFile(propertiesFile()).readApplicationId());
        Path staging = stagingRoot().resolve(".spindle").resolve(appId.toString());
        assertTrue(Files.isDirectory(staging));

        start = System.nanoTime();
        Run stopped = session("-id", appId.toString(), "stop");
        assertEquals(0, stopped.exitCode(), stopped::toString);
        System.err.printf("session stopped in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        report = client.getApplicationReport(appId);
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
        assertFalse(Files.exists(staging), "staging directory left: " + staging);
        assertFalse(Files.exists(propertiesFile()), "properties file left");
    }

    @Test
    void unknownQueueFailsListingTheQueuesAndLeavesNothing() throws Exception {
        Run r = session("-d", "-nm", "it-bad-queue", "-qu", "nosuchqueue");
        assertEquals(5, r.exitCode(), r::toString);
        List<String> errLines = r.err().lines().toList();
        assertEquals(1, errLines.size(), r::toString);
        assertTrue(errLines.get(0).contains("'nosuchqueue' does not exist; queues: default"), r.err());
        assertNothingLeft("it-bad-queue");
    }

    @Test
    void memoryAboveTheMaximumFailsNamingTheSetting() throws Exception {
        Run r = session("-d", "-nm", "it-too-big", "-tm", "4096");
        assertEquals(5, r.exitCode(), r::toString);
        List<String> errLines = r.err().lines().toList();
        assertEquals(1, errLines.size(), r::toString);
        assertTrue(errLines.get(0).contains("4096 MB"), r.err());
        assertTrue(errLines.get(0).contains("yarn.scheduler.maximum-allocation-mb"), r.err());
        assertNothingLeft("it-too-big");
    }

    @Test
    void attachingToASessionAndTypingStopStopsIt() throws Exception {
        Run started = session("-d");
        assertEquals(0, started.exitCode(), started::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));
        // Without -nm the application is named after what it is.
        assertEquals("Spindle session", client.getApplicationReport(appId).getName());
        Run r = session(
                new ByteArrayInputStream("status?\nstop\n".getBytes(StandardCharsets.UTF_8)), "-id", appId.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("Stopped session " + appId + " (FINISHED/SUCCEEDED)"), r.out());
        assertTrue(r.err().contains("Unknown command 'status?'"), r.err());
        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
        assertFalse(Files.exists(stagingRoot().resolve(".spindle").resolve(appId.toString())));
        assertFalse(Files.exists(propertiesFile()), "properties file left");
    }

    /**
     * {@code yarn application -kill} of an attached session: YARN ends it KILLED, the attached
     * command notices, cleans up and exits 5; a later stop only says it has ended.
     */
    @Test
    void killedSessionEndsTheAttachedCommandAndIsCleanedUp() throws Exception {
        java.io.PipedOutputStream keepOpen = new java.io.PipedOutputStream();
        java.io.PipedInputStream stdin = new java.io.PipedInputStream(keepOpen);
        CompletableFuture<Run> attached = CompletableFuture.supplyAsync(() -> session(stdin, "-nm", "it-killed"));
        ApplicationId appId = awaitSessionUp();
        client.killApplication(appId);
        Run r = attached.get(60, TimeUnit.SECONDS);
        keepOpen.close();
        assertEquals(5, r.exitCode(), r::toString);
        assertTrue(r.err().contains("ended without being stopped: KILLED/KILLED"), r.err());
        assertFalse(Files.exists(stagingRoot().resolve(".spindle").resolve(appId.toString())));
        assertFalse(Files.exists(propertiesFile()), "properties file left");

        Run stopped = session("-id", appId.toString(), "stop");
        assertEquals(0, stopped.exitCode(), stopped::toString);
        assertTrue(stopped.err().contains("has already ended (KILLED)"), stopped.err());
    }

    /** The session the command has deployed: it writes the properties file once the session is up. */
    private static ApplicationId awaitSessionUp() throws Exception {
        YarnPropertiesFile file = new YarnPropertiesFile(propertiesFile());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String id = file.readApplicationId();
            if (id != null) {
                return ApplicationId.fromString(id);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no session came up");
    }

    /** The script's JVM gets SIGTERM (as from Ctrl-C or a scheduler) after submitting, before the session is up. */
    @Test
    void interruptedDeploymentKillsTheApplicationAndRemovesTheStagingDirectory() throws Exception {
        Path out = dir.resolve("interrupted.out");
        Path err = dir.resolve("interrupted.err");
        ProcessBuilder builder = new ProcessBuilder(
                        repositoryRoot().resolve("scripts/yarn-session").toString(),
                        "-d",
                        "-nm",
                        "it-interrupted",
                        "-D",
                        "yarn.staging-directory=" + stagingRoot().toUri(),
                        "-D",
                        "yarn.properties-file.location=" + dir.resolve("props"))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("HADOOP_CONF_DIR", dir.resolve("conf").toString());
        builder.environment().remove("YARN_CONF_DIR");
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.readString(out).contains("Submitted application")
                    && process.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, Files.readString(out)));
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertTrue(Files.readString(err).contains("Killed application " + appId), Files.readString(err));
            assertEquals(YarnApplicationState.KILLED, new ApplicationMonitorProbe(client).awaitEnd(appId));
            assertFalse(Files.exists(stagingRoot().resolve(".spindle").resolve(appId.toString())));
        } finally {
            process.destroyForcibly();
        }
    }

    /** Waits for an application to end; returns its state. */
    private record ApplicationMonitorProbe(YarnClient yarn) {
        YarnApplicationState awaitEnd(ApplicationId appId) throws Exception {
            return new ApplicationMonitor(
                            yarn,
                            new PrintStream(new ByteArrayOutputStream()),
                            Duration.ofMinutes(1),
                            ClientOptions.YARN_POLL_INTERVAL.defaultValue())
                    .awaitEnd(appId, Duration.ofSeconds(30))
                    .getYarnApplicationState();
        }
    }

    private static Path repositoryRoot() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    }

    /** An AM that cannot start: YARN's diagnostics and the logs command, and nothing left running or staged. */
    @Test
    void failedDeploymentPrintsTheDiagnosticsAndTheLogsCommand() throws Exception {
        Run r = session("-d", "-nm", "it-no-java", "-D", "containerized.master.env.JAVA_HOME=/no/such/jdk");
        assertEquals(5, r.exitCode(), r::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, r.out()));
        String error = r.err()
                .lines()
                .filter(l -> l.startsWith("spindle: error: "))
                .findFirst()
                .orElseThrow();
        assertTrue(error.contains("ended FAILED/FAILED"), error);
        assertTrue(error.contains("exitCode"), "YARN's diagnostics: " + error);
        assertTrue(error.endsWith("its logs: yarn logs -applicationId " + appId), error);
        assertEquals(
                YarnApplicationState.FAILED, client.getApplicationReport(appId).getYarnApplicationState());
        assertFalse(Files.exists(stagingRoot().resolve(".spindle").resolve(appId.toString())));
        assertFalse(Files.exists(propertiesFile()), "properties file written for a session that never ran");
    }

    /** {@code GET page}: 200, HTML, naming the cluster and its mode, and its relative link to the overview answers too. */
    private static void assertClusterPage(URI page, String name, String mode) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> page + ": " + r.body());
        assertTrue(
                r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                r.headers().toString());
        assertTrue(r.body().contains("src=\"web/app.js\""), r.body());
        // The dashboard's title comes from GET /config.
        URI configUri = r.uri().resolve("config");
        HttpResponse<String> c =
                http.send(HttpRequest.newBuilder(configUri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, c.statusCode(), () -> configUri + ": " + c.body());
        assertTrue(c.body().contains("\"cluster-name\":\"" + name + "\""), c.body());
        assertTrue(c.body().contains("\"cluster-mode\":\"" + mode + "\""), c.body());
        URI overview = r.uri().resolve("overview");
        HttpResponse<String> o =
                http.send(HttpRequest.newBuilder(overview).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, o.statusCode(), () -> overview + ": " + o.body());
        assertTrue(o.body().contains("\"taskmanagers\""), o.body());
    }

    private static void assertNothingLeft(String name) throws Exception {
        assertTrue(
                client.getApplications(EnumSet.allOf(YarnApplicationState.class)).stream()
                        .noneMatch(a -> a.getName().equals(name)),
                "an application named " + name + " exists");
        Path spindle = stagingRoot().resolve(".spindle");
        if (Files.isDirectory(spindle)) {
            try (Stream<Path> left = Files.list(spindle)) {
                List<Path> dirs = left.toList();
                // Only the session test's staging directory may exist, and only while it runs.
                // The shared cache of runtime jars stays (StagingArea.CACHE_DIRECTORY).
                assertTrue(
                        dirs.stream()
                                .map(d -> d.getFileName().toString())
                                .allMatch(d -> d.equals(StagingArea.CACHE_DIRECTORY) || isRunningSession(d)),
                        dirs::toString);
            }
        }
    }

    private static boolean isRunningSession(String appId) {
        try {
            return client.getApplicationReport(ApplicationId.fromString(appId)).getYarnApplicationState()
                    == YarnApplicationState.RUNNING;
        } catch (Exception e) {
            return false;
        }
    }
}
