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
import dev.spindle.security.ClusterSecret;
import dev.spindle.security.RestTokens;
import dev.spindle.yarn.MiniYarn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web dashboard in a real headless Chromium ({@link CdpBrowser}), through the ResourceManager's
 * web proxy ({@code /proxy/<appId>/}) of a MiniYARNCluster, as a YARN user opens it from the RM UI:
 * a session runs a keyed count that runs until cancelled; every page loads and shows the job, its
 * vertices with their parallelism, the TaskManagers and the JobManager; the user enters the token
 * and cancels the job with the page's button, and REST then says CANCELED; a second job is stopped
 * with a savepoint from its page, which shows the savepoint's path. The proxy forwards GET
 * and PUT only and no Authorization header (checked here too): the page's cancel is a PUT whose
 * body carries the token. Screenshots of every page go to {@code target/dashboard-screenshots/}.
 * Skipped where {@code /usr/bin/chromium} is missing ({@code .ci/run} installs it).
 */
class DashboardBrowserIT {
    private static final Pattern REST = Pattern.compile("REST endpoint (http://\\S+)");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static MiniYarn yarn;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startYarn() throws Exception {
        Assumptions.assumeTrue(
                CdpBrowser.available(),
                "skipped: " + CdpBrowser.CHROMIUM + " is not installed (.ci/run installs the chromium package)");
        yarn = MiniYarn.start("dashboard-browser-it", dir.resolve("conf"), 2048);
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyPageShowsTheRunningSessionThroughTheProxyAndTheJobIsCancelledFromThePage() throws Exception {
        CliRun started = session("-d", "-nm", "it-dashboard", "-jm", "512", "-tm", "512", "-s", "3");
        assertEquals(0, started.exitCode(), started::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));
        String restUrl = find(REST, started.out());
        try {
            CliRun run = spindle(
                    "run",
                    "-t",
                    "yarn-session",
                    "-yid",
                    appId.toString(),
                    "-d",
                    "-c",
                    "dev.spindle.examples.KeyedCount",
                    WordCountFiles.examplesJar().toString(),
                    "--records",
                    "1000000000",
                    "--rate",
                    "200",
                    "--parallelism",
                    "2",
                    "--keys",
                    "10",
                    "--checkpoint-interval",
                    "1000");
            assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
            String jobId = find(SUBMITTED_JOB, run.out());
            String proxy = "http://" + yarn.config().get(YarnConfiguration.RM_WEBAPP_ADDRESS) + "/proxy/" + appId + "/";
            awaitRunning(restUrl, jobId);
            checkWhatTheProxyForwards(proxy, jobId);
            browse(proxy, restUrl, jobId, token(appId), () -> {
                CliRun second = spindle(
                        "run",
                        "-t",
                        "yarn-session",
                        "-yid",
                        appId.toString(),
                        "-d",
                        "-c",
                        "dev.spindle.examples.KeyedCount",
                        WordCountFiles.examplesJar().toString(),
                        "--records",
                        "1000000000",
                        "--rate",
                        "200",
                        "--parallelism",
                        "1",
                        "--keys",
                        "10",
                        "--checkpoint-interval",
                        "1000");
                assertEquals(ExitCodes.SUCCESS, second.exitCode(), second::toString);
                String secondId = find(SUBMITTED_JOB, second.out());
                awaitRunning(restUrl, secondId);
                return secondId;
            });
        } finally {
            CliRun stopped = session("-id", appId.toString(), "stop");
            assertEquals(0, stopped.exitCode(), stopped::toString);
        }
    }

    /**
     * What the RM's proxy does with the dashboard's requests (docs/dashboard.md): GET and PUT reach
     * the endpoint, Authorization does not (a PUT with only the header is the route's 401), POST (405)
     * and PATCH (501) are refused by the proxy itself before they reach the endpoint.
     */
    private void checkWhatTheProxyForwards(String proxy, String jobId) throws Exception {
        HttpResponse<String> overview =
                send(HttpRequest.newBuilder(URI.create(proxy + "overview")).GET());
        assertEquals(200, overview.statusCode(), overview::body);
        assertTrue(overview.body().contains("\"jobs-running\":1"), overview.body());
        String bearer = "Bearer " + "0".repeat(64);
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(proxy + "web/jobs/" + jobId + "/cancel"))
                .header("Content-Type", "application/json")
                .header("Authorization", bearer)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(401, put.statusCode(), put::body);
        assertTrue(put.body().contains("the one given is missing"), put.body());
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(proxy + "jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> patch = send(HttpRequest.newBuilder(URI.create(proxy + "jobs/" + jobId))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        System.out.printf(
                "DashboardBrowserIT: through the proxy POST -> %d, PATCH -> %d%n",
                post.statusCode(), patch.statusCode());
        assertEquals(405, post.statusCode(), post::body);
        assertEquals(501, patch.statusCode(), patch::body);
    }

    /** Starts a further job and returns its id once all its tasks run. */
    private interface JobStarter {
        String start() throws Exception;
    }

    private void browse(String proxy, String restUrl, String jobId, String token, JobStarter another) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        List<String> missingMetrics = new ArrayList<>();
        try (CdpBrowser browser = CdpBrowser.start(Path.of("target", "dashboard-chromium.log"))) {
            browser.navigate(proxy);
            browser.waitFor("document.querySelector('#overview-page #jobs-running .card-value')", WAIT);
            browser.waitFor("document.querySelector('#jobs-running .card-value').textContent === '1'", WAIT);
            assertEquals("1", text(browser, "#tm-count .card-value"));
            assertEquals("3", text(browser, "#slots-total .card-value"));
            assertTrue(text(browser, "#cluster-name").startsWith("it-dashboard"), text(browser, "#cluster-name"));
            browser.screenshot(SCREENSHOTS.resolve("overview.png"));

            browser.navigate(proxy + "#/jobs/running");
            browser.waitFor("document.querySelector('#running-jobs-page a.job-link')", WAIT);
            assertEquals("KeyedCount", text(browser, "a.job-link"));
            browser.screenshot(SCREENSHOTS.resolve("running-jobs.png"));
            browser.navigate(proxy + "#/jobs/completed");
            browser.waitFor("document.querySelector('#completed-jobs-page')", WAIT);
            browser.screenshot(SCREENSHOTS.resolve("completed-jobs.png"));

            jobPage(browser, proxy, restUrl, jobId, missingMetrics);
            for (String tab : List.of("checkpoints", "exceptions", "configuration")) {
                browser.click("#tab-" + tab);
                browser.waitFor("document.querySelector('#tab-" + tab + ".active')", WAIT);
                browser.waitFor(
                        "document.querySelector('#job-page #"
                                + switch (tab) {
                                    case "configuration" -> "job-config";
                                    default -> tab;
                                }
                                + "')",
                        WAIT);
                browser.screenshot(SCREENSHOTS.resolve("job-" + tab + ".png"));
            }
            assertTrue(text(browser, "#job-config").contains("STREAMING"), text(browser, "#job-config"));

            taskManagerPages(browser, proxy, missingMetrics);
            jobManagerPage(browser, proxy, missingMetrics);
            cancelFromThePage(browser, proxy, jobId, token);
            awaitState(restUrl, jobId, "CANCELED");
            String second = another.start();
            stopFromThePage(browser, proxy, second);
            awaitState(restUrl, second, "FINISHED");
        }
        if (!missingMetrics.isEmpty()) {
            fail("the dashboard showed no metrics (the metric routes answer 404 before the rest-ops branch is "
                    + "merged): " + missingMetrics);
        }
    }

    private void jobPage(CdpBrowser browser, String proxy, String restUrl, String jobId, List<String> missingMetrics)
            throws Exception {
        browser.navigate(proxy + "#/jobs/" + jobId);
        browser.waitFor("document.querySelector('#job-page #vertices tbody tr')", WAIT);
        assertEquals("KeyedCount", text(browser, "#job-name"));
        JsonNode rest =
                JSON.readTree(get(URI.create(restUrl + "/jobs/" + jobId)).body());
        List<String> expected = new ArrayList<>();
        rest.get("vertices")
                .forEach(v -> expected.add(
                        v.get("name").asText() + " x" + v.get("parallelism").asInt()));
        assertEquals(List.of("Source: Generator x2", "Count per key -> Sink x2"), expected);
        JsonNode shown = browser.evaluate(
                "[...document.querySelectorAll('#vertices tbody tr')].map(tr => "
                        + "tr.querySelector('.vertex-name').textContent + ' x' + tr.querySelector('.parallelism').textContent)");
        assertEquals(expected.toString(), toList(shown).toString());
        // The graph: one box per vertex, the keyed edge labelled with its ship strategy.
        assertEquals(
                2,
                browser.evaluate("document.querySelectorAll('svg.job-graph g.vertex').length")
                        .asInt());
        assertEquals(
                "HASH",
                browser.evaluate("document.querySelector('svg.job-graph .edge-label').textContent")
                        .asText());
        assertEquals(
                "RUNNING",
                browser.evaluate("document.querySelector('svg.job-graph g.vertex .vertex-status')" + ".textContent")
                        .asText());
        try {
            browser.waitFor(
                    "!document.querySelector('#live-metrics-missing') && [...document.querySelectorAll("
                            + "'svg.job-graph .records-out')].some(t => /[1-9]/.test(t.textContent))",
                    Duration.ofSeconds(20));
        } catch (AssertionError e) {
            missingMetrics.add("job page: " + text(browser, "#live-metrics-missing"));
        }
        browser.screenshot(SCREENSHOTS.resolve("job.png"));
    }

    private void taskManagerPages(CdpBrowser browser, String proxy, List<String> missingMetrics) throws Exception {
        browser.navigate(proxy + "#/taskmanagers");
        browser.waitFor("document.querySelector('#taskmanagers-page a.tm-link')", WAIT);
        browser.screenshot(SCREENSHOTS.resolve("taskmanagers.png"));
        browser.click("a.tm-link");
        browser.waitFor("document.querySelector('#taskmanager-page')", WAIT);
        // Metrics and logs show, or say in the page why they cannot.
        browser.waitFor(
                "document.querySelector('#jvm-metrics') || document.querySelector('#taskmanager-page .error')", WAIT);
        if (browser.evaluate("!!document.querySelector('#jvm-metrics')").asBoolean()) {
            assertFalse(text(browser, "#jvm-metrics").contains("Heap–"), text(browser, "#jvm-metrics"));
        } else {
            missingMetrics.add("TaskManager page: " + text(browser, "#taskmanager-page .error"));
        }
        browser.screenshot(SCREENSHOTS.resolve("taskmanager.png"));
    }

    private void jobManagerPage(CdpBrowser browser, String proxy, List<String> missingMetrics) throws Exception {
        browser.navigate(proxy + "#/jobmanager");
        browser.waitFor("document.querySelector('#jobmanager-page table.config')", WAIT);
        assertTrue(text(browser, "table.config").contains("cluster.name"), text(browser, "table.config"));
        if (!browser.evaluate("!!document.querySelector('#jvm-metrics')").asBoolean()) {
            missingMetrics.add("JobManager page: " + text(browser, "#jobmanager-page .error"));
        }
        browser.screenshot(SCREENSHOTS.resolve("jobmanager.png"));
    }

    /** Enters the token (kept in sessionStorage, never in the URL) and cancels with the page's buttons. */
    private void cancelFromThePage(CdpBrowser browser, String proxy, String jobId, String token) throws Exception {
        browser.navigate(proxy + "#/jobs/" + jobId);
        browser.waitFor("document.querySelector('#token-input')", WAIT);
        browser.evaluate("document.querySelector('#token-input').value = " + JSON.valueToTree(token));
        browser.click("#save-token");
        browser.waitFor("document.querySelector('#token-set')", WAIT);
        browser.waitFor(
                "document.querySelector('#cancel-job') && !document.querySelector('#cancel-job').disabled", WAIT);
        browser.click("#cancel-job");
        browser.waitFor("document.querySelector('#confirm-cancel')", WAIT);
        browser.click("#confirm-cancel");
        browser.waitFor(
                "document.querySelector('#action-message') && document.querySelector('#action-message')"
                        + ".textContent === 'Cancellation requested.' || document.querySelector('#job-page')?.dataset.state"
                        + " === 'CANCELED'",
                WAIT);
        browser.waitFor("document.querySelector('#job-page')?.dataset.state === 'CANCELED'", WAIT);
        assertFalse(browser.evaluate("location.href").asText().contains(token), "the token is in the URL");
        browser.screenshot(SCREENSHOTS.resolve("job-cancelled.png"));
    }

    /** Stops a job with a savepoint from its page (the token is still entered): the page shows its path. */
    private void stopFromThePage(CdpBrowser browser, String proxy, String jobId) throws Exception {
        browser.navigate(proxy + "#/jobs/" + jobId);
        browser.waitFor(
                "document.querySelector('#job-page #stop-job') && !document.querySelector('#stop-job')" + ".disabled",
                WAIT);
        browser.click("#stop-job");
        browser.waitFor("document.querySelector('#savepoint-dir')", WAIT);
        Path savepoints = dir.resolve("savepoints");
        browser.evaluate("(() => { const d = document.querySelector('#savepoint-dir'); d.value = "
                + JSON.valueToTree(savepoints.toUri().toString()) + "; d.dispatchEvent(new Event('input')); })()");
        browser.click("#confirm-stop");
        browser.waitFor(
                "(document.querySelector('#action-message') || {}).className === 'ok' && document"
                        + ".querySelector('#action-message').textContent.startsWith('Stopped; savepoint at ')",
                WAIT);
        String message = text(browser, "#action-message");
        Path savepoint = Path.of(URI.create(message.substring("Stopped; savepoint at ".length())));
        assertTrue(savepoint.startsWith(savepoints), message);
        assertTrue(Files.exists(savepoint.resolve("_metadata")), message);
        browser.screenshot(SCREENSHOTS.resolve("job-stopped.png"));
    }

    private static String text(CdpBrowser browser, String selector) {
        return browser.evaluate(
                        "(document.querySelector(" + JSON.valueToTree(selector).toString() + ") || {textContent: '(no "
                                + selector.replace("'", "") + ")'}).textContent")
                .asText();
    }

    private static List<String> toList(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static String token(ApplicationId appId) throws Exception {
        Path secret = dir.resolve("staging")
                .resolve(".spindle")
                .resolve(appId.toString())
                .resolve("secret");
        // The client keeps the secret's bytes there, as they are.
        return RestTokens.restToken(ClusterSecret.of(Files.readAllBytes(secret)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private void awaitRunning(String restUrl, String jobId) throws Exception {
        awaitState(restUrl, jobId, "RUNNING");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode job =
                    JSON.readTree(get(URI.create(restUrl + "/jobs/" + jobId)).body());
            boolean allRunning = true;
            for (JsonNode v : job.get("vertices")) {
                allRunning &= "RUNNING".equals(v.get("status").asText());
            }
            if (allRunning) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("not all tasks run: " + job);
            }
            Thread.sleep(200);
        }
    }

    private void awaitState(String restUrl, String jobId, String state) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String now = JSON.readTree(
                            get(URI.create(restUrl + "/jobs/" + jobId)).body())
                    .path("state")
                    .asText();
            if (state.equals(now)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("job " + jobId + " is " + now + ", not " + state);
            }
            Thread.sleep(200);
        }
    }

    private static List<String> commonOptions() {
        return List.of(
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging").toUri(),
                "-D",
                "yarn.properties-file.location=" + dir.resolve("props"),
                "-D",
                "jobmanager.memory.process.size=512m",
                "-D",
                "taskmanager.memory.process.size=512m",
                "-D",
                "taskmanager.numberOfTaskSlots=3",
                "-D",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri());
    }

    private static CliRun spindle(String command, String... args) {
        List<String> all = new ArrayList<>(
                List.of(command, "--yarn-conf-dir", dir.resolve("conf").toString()));
        all.addAll(commonOptions());
        all.addAll(List.of(args));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        System.out.println("DashboardBrowserIT: " + run);
        return run;
    }

    private static CliRun session(String... args) {
        List<String> all =
                new ArrayList<>(List.of("--yarn-conf-dir", dir.resolve("conf").toString()));
        all.addAll(commonOptions());
        all.addAll(List.of(args));
        return CliRun.ofYarnSession(all.toArray(String[]::new));
    }
}
