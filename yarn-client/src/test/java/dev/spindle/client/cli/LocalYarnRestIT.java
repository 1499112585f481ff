package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.client.cli.Scripts.ScriptRun;
import dev.spindle.client.cli.programs.UnboundedProgram;
import dev.spindle.localyarn.LocalYarnLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What tools that speak the ResourceManager's REST API and Hadoop's {@code yarn logs} see of
 * {@code scripts/local-yarn}'s cluster, as issue 10 asks and docs/local-yarn.md promises: the
 * cluster info; a Spindle session found by its tag, its report, the RM web UI's application page,
 * the RM web proxy reaching its root page and REST endpoint; an attached per-job run found by its
 * tag and killed through the state PUT, whose client then exits non-zero; the aggregated logs of
 * that ended application (jobmanager.log and taskmanager.log); then stop leaves no process. One
 * test, because each step needs the state the previous one left.
 */
class LocalYarnRestIT {
    private static final Pattern APPLICATION_ID = Pattern.compile("application_[0-9]+_[0-9]+");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Under target/, as its own cluster directory, so that it never meets the user's cluster. */
    private static final Path DIR = Path.of("target", "local-yarn-rest-it").toAbsolutePath();

    private static final LocalYarnLayout LAYOUT = new LocalYarnLayout(DIR.resolve("cluster"));
    private static final Map<String, String> ENV = Map.of(
            LocalYarnLayout.DIR_ENV,
            LAYOUT.directory().toString(),
            "HADOOP_CONF_DIR",
            LAYOUT.confDir().toString(),
            "YARN_CONF_DIR",
            "");

    /** Under DIR, not the user's home: what a killed run leaves stays in target/. */
    private static final String STAGING =
            "yarn.staging-directory=" + DIR.resolve("staging").toUri();

    private static Process perJob;

    @AfterAll
    static void stopWhateverHappened() throws Exception {
        if (perJob != null && perJob.isAlive()) {
            Scripts.killTree(perJob.toHandle());
        }
        Scripts.run(DIR, ENV, "local-yarn", "stop");
    }

    @Test
    void theResourceManagersRestApiWebUiProxyAndAggregatedLogsWork() throws Exception {
        Files.createDirectories(DIR);
        ScriptRun start = Scripts.run(DIR, ENV, "local-yarn", "start", "--nm-memory-mb", "2048");
        assertEquals(0, start.exitCode(), start::toString);
        String rm = marker().getProperty(LocalYarnLayout.RM_WEB_URL);
        List<ProcessHandle> nodeManagers = nodeManagerProcesses();
        assertEquals(2, nodeManagers.size(), "one JVM per NodeManager");

        HttpResponse<String> info = get(rm + "/ws/v1/cluster/info");
        assertEquals(200, info.statusCode(), info::body);
        assertTrue(info.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), info::toString);
        assertEquals(
                "STARTED",
                JSON.readTree(info.body()).path("clusterInfo").path("state").asText(),
                info.body());

        String session = aSessionIsFoundByItsTagAndReachedThroughTheProxy(rm);
        String killed = anAttachedPerJobRunKilledThroughTheStatePutExitsNonZero(rm);

        HttpResponse<String> kill = putKilled(rm, session);
        assertTrue(kill.statusCode() == 200 || kill.statusCode() == 202, () -> kill.statusCode() + " " + kill.body());
        assertEquals("KILLED", awaitState(rm, session));

        // Each NodeManager uploads its containers' logs on its own: wait for both.
        String logs = awaitAggregatedLogs(killed, "LogType:jobmanager.log", "LogType:taskmanager.log");
        assertTrue(logs.contains("LogType:jobmanager.log"), logs);
        assertTrue(logs.contains("LogType:taskmanager.log"), logs);

        ScriptRun stop = Scripts.run(DIR, ENV, "local-yarn", "stop");
        assertEquals(0, stop.exitCode(), stop::toString);
        assertTrue(nodeManagers.stream().noneMatch(ProcessHandle::isAlive), "the NodeManagers ended");
        assertEquals(List.of(), processesUnder(LAYOUT.workDir()));
    }

    /** @return the session's application id */
    private static String aSessionIsFoundByItsTagAndReachedThroughTheProxy(String rm) throws Exception {
        // Its .yarn-properties file under DIR: in java.io.tmpdir it would point every later CLI run
        // of this user at the session, which this test kills rather than stops.
        ScriptRun session = Scripts.run(
                DIR,
                ENV,
                "yarn-session",
                "-d",
                "-jm",
                "512",
                "-D",
                "yarn.tags=t1",
                "-D",
                "yarn.properties-file.location=" + DIR,
                "-D",
                STAGING);
        assertEquals(0, session.exitCode(), session::toString);
        Matcher id = APPLICATION_ID.matcher(session.out());
        assertTrue(id.find(), session::toString);
        String appId = id.group();

        JsonNode tagged = findByTag(rm, "t1");
        assertEquals(1, tagged.size(), tagged::toString);
        assertEquals(appId, tagged.get(0).path("id").asText(), tagged::toString);
        assertEquals("Spindle session", tagged.get(0).path("name").asText(), tagged::toString);
        assertEquals(0, findByTag(rm, "no-such-tag").size(), "a tag no application has finds none");

        HttpResponse<String> report = get(rm + "/ws/v1/cluster/apps/" + appId);
        assertEquals(200, report.statusCode(), report::body);
        JsonNode app = JSON.readTree(report.body()).path("app");
        assertEquals(appId, app.path("id").asText(), report::body);
        assertEquals("RUNNING", app.path("state").asText(), report::body);
        assertEquals("t1", app.path("applicationTags").asText(), report::body);
        assertEquals("Spindle", app.path("applicationType").asText(), report::body);

        HttpResponse<String> state = get(rm + "/ws/v1/cluster/apps/" + appId + "/state");
        assertEquals(200, state.statusCode(), state::body);
        assertEquals("RUNNING", JSON.readTree(state.body()).path("state").asText(), state::body);

        HttpResponse<String> page = get(rm + "/cluster/app/" + appId);
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(page.body().contains(appId), "the RM web UI's application page");
        // The tracking URL the RM UI links to: the session's web dashboard, through the proxy.
        HttpResponse<String> root = HTTP.send(
                HttpRequest.newBuilder(URI.create(rm + "/proxy/" + appId + "/"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, root.statusCode(), root::body);
        assertTrue(root.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), root::toString);
        assertTrue(root.body().contains("src=\"web/app.js\""), root::body);
        HttpResponse<String> config = get(rm + "/proxy/" + appId + "/config");
        assertEquals(200, config.statusCode(), config::body);
        assertEquals(
                "session", JSON.readTree(config.body()).path("cluster-mode").asText(), config::body);
        HttpResponse<String> overview = get(rm + "/proxy/" + appId + "/overview");
        assertEquals(200, overview.statusCode(), overview::body);
        assertTrue(JSON.readTree(overview.body()).isObject(), overview::body);
        return appId;
    }

    /** @return the per-job run's application id, KILLED */
    private static String anAttachedPerJobRunKilledThroughTheStatePutExitsNonZero(String rm) throws Exception {
        Path jar = TestJars.jar(DIR.resolve("unbounded.jar"), UnboundedProgram.class.getName(), UnboundedProgram.class);
        ProcessBuilder builder = new ProcessBuilder(
                        Scripts.repositoryRoot().resolve("scripts/spindle").toString(),
                        "run",
                        "-t",
                        "yarn-per-job",
                        "-p",
                        "1",
                        "-D",
                        "jobmanager.memory.process.size=512m",
                        "-D",
                        "yarn.tags=t2",
                        "-D",
                        STAGING,
                        jar.toString())
                .redirectOutput(DIR.resolve("per-job.out").toFile())
                .redirectError(DIR.resolve("per-job.err").toFile());
        builder.environment().put("JAVA_OPTS", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        builder.environment().putAll(ENV);
        perJob = builder.start();

        // Killed once its job runs, so that its TaskManager has a log; found by its tag.
        Path err = DIR.resolve("per-job.err");
        Pattern running = Pattern.compile("Job [0-9a-f]+ is RUNNING");
        long deadline = System.nanoTime() + WAIT.toNanos() * 2;
        while (System.nanoTime() < deadline
                && perJob.isAlive()
                && !running.matcher(Files.readString(err)).find()) {
            Thread.sleep(250);
        }
        assertTrue(running.matcher(Files.readString(err)).find(), () -> "the job did not run; client stderr in " + err);
        JsonNode tagged = findByTag(rm, "t2");
        assertEquals(1, tagged.size(), tagged::toString);
        String appId = tagged.get(0).path("id").asText();
        assertEquals("RUNNING", tagged.get(0).path("state").asText(), tagged::toString);
        assertEquals(
                "Spindle per-job: " + UnboundedProgram.JOB_NAME,
                JSON.readTree(get(rm + "/ws/v1/cluster/apps/" + appId).body())
                        .path("app")
                        .path("name")
                        .asText());

        HttpResponse<String> kill = putKilled(rm, appId);
        assertTrue(kill.statusCode() == 200 || kill.statusCode() == 202, () -> kill.statusCode() + " " + kill.body());
        assertEquals("KILLED", awaitState(rm, appId));
        assertTrue(perJob.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the attached client ended");
        // Exit 1: its job was cancelled (docs/spindle-command.md, exit codes).
        assertEquals(1, perJob.exitValue(), () -> "client stderr in " + err);
        String stderr = Files.readString(err);
        assertTrue(stderr.contains("application " + appId + " ended KILLED"), stderr);
        return appId;
    }

    /** {@code GET /ws/v1/cluster/apps?applicationTags=tag}: the applications of {@code apps.app}. */
    private static JsonNode findByTag(String rm, String tag) throws IOException, InterruptedException {
        HttpResponse<String> apps = get(rm + "/ws/v1/cluster/apps?applicationTags=" + tag);
        assertEquals(200, apps.statusCode(), apps::body);
        // Hadoop answers {"apps":{"app":[...]}}, and {"apps":null} or {"apps":{}} when none matches.
        JsonNode list = JSON.readTree(apps.body()).path("apps").path("app");
        return list.isArray() ? list : JSON.createArrayNode();
    }

    private static HttpResponse<String> putKilled(String rm, String appId) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(rm + "/ws/v1/cluster/apps/" + appId + "/state"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"KILLED\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Properties marker() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(LAYOUT.marker())) {
            p.load(in);
        }
        return p;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The application's state once it has ended, or its last state after {@link #WAIT}. */
    private static String awaitState(String rm, String appId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String state;
        do {
            state = JSON.readTree(
                            get(rm + "/ws/v1/cluster/apps/" + appId + "/state").body())
                    .path("state")
                    .asText();
            if (List.of("KILLED", "FINISHED", "FAILED").contains(state)) {
                return state;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return state;
    }

    /**
     * Hadoop's {@code yarn logs -applicationId} ({@code LogsCLI}), as the {@code yarn} command runs
     * it: a JVM with Hadoop's jars and the cluster's configuration directory first on its classpath. The NodeManagers upload the logs shortly after the
     * application ended; until then it says that log aggregation has not completed.
     */
    private static String awaitAggregatedLogs(String appId, String... expected) throws Exception {
        // LogsCLI needs more of Hadoop than the shaded client: the cluster's jars, as docs/local-yarn.md says.
        Path lib = Scripts.repositoryRoot().resolve("local-yarn/target/lib");
        String classpath = LAYOUT.confDir() + ":" + lib + "/*";
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                "org.apache.hadoop.yarn.client.cli.LogsCLI",
                "-applicationId",
                appId);
        Path output = DIR.resolve("yarn-logs.out");
        long deadline = System.nanoTime() + WAIT.toNanos();
        String out;
        do {
            Process logs = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            assertTrue(logs.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "yarn logs ended");
            out = Files.readString(output);
            String printed = out;
            if (logs.exitValue() == 0 && Stream.of(expected).allMatch(printed::contains)) {
                return out;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return out;
    }

    private static List<ProcessHandle> nodeManagerProcesses() {
        return processesUnder(LAYOUT.workDir()).stream()
                .filter(p -> p.info().commandLine().orElse("").contains("yarn.server.nodemanager.NodeManager"))
                .toList();
    }

    /** As scripts/local-yarn finds what a cluster left: the processes that run in a directory under work/target. */
    private static List<ProcessHandle> processesUnder(Path workDir) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> {
                    try {
                        Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"));
                        return cwd.startsWith(workDir.resolve("target"));
                    } catch (IOException | UnsupportedOperationException | SecurityException e) {
                        return false;
                    }
                })
                .toList();
    }
}
