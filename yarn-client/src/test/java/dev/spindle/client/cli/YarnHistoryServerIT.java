package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.SUBMITTED_JOB;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.config.Configuration;
import dev.spindle.config.HistoryServerOptions;
import dev.spindle.history.HistoryServer;
import dev.spindle.yarn.MiniYarn;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-job WordCount on a MiniYARNCluster with {@code jobmanager.archive.fs.dir} set: once the
 * application has ended (and its JobManager with it), a history server over the archive directory
 * serves the job's page, and YARN links to it as the application's final tracking URL.
 */
class YarnHistoryServerIT {
    @TempDir
    static Path dir;

    static MiniYarn yarn;

    @BeforeAll
    static void startYarn() throws Exception {
        yarn = MiniYarn.start("yarn-history-it", dir.resolve("conf"), 1536);
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void theHistoryServerServesTheEndedJobAndIsTheFinalTrackingUrl() throws Exception {
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 500, new Random(3));
        Path output = dir.resolve("counts");
        Path archives = Files.createDirectories(dir.resolve("completed-jobs"));
        int port = freePort();
        CliRun run = CliRun.of(
                "run",
                "-t",
                "yarn-per-job",
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging").toUri(),
                "-D",
                "jobmanager.memory.process.size=512m",
                "-D",
                "taskmanager.memory.process.size=512m",
                "-D",
                "jobmanager.archive.fs.dir=" + archives.toUri(),
                "-D",
                "historyserver.web.address=127.0.0.1",
                "-D",
                "historyserver.web.port=" + port,
                WordCountFiles.examplesJar().toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString());
        System.out.println("YarnHistoryServerIT: " + run);
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(expected, WordCountFiles.readCounts(output));
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        String jobId = find(SUBMITTED_JOB, run.out());

        ApplicationReport report = yarn.client().getApplicationReport(appId);
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
        assertEquals("http://127.0.0.1:" + port + "/#/jobs/" + jobId, report.getOriginalTrackingUrl());

        Configuration config = new Configuration();
        config.set(HistoryServerOptions.ARCHIVE_DIRS, archives.toUri().toString());
        config.set(HistoryServerOptions.WEB_ADDRESS, "127.0.0.1");
        config.set(HistoryServerOptions.WEB_PORT, port);
        try (HistoryServer history = new HistoryServer(config)) {
            history.start();
            HttpClient http = HttpClient.newHttpClient();
            ObjectMapper json = new ObjectMapper();
            JsonNode job = json.readTree(get(http, port, "/jobs/" + jobId));
            assertEquals(jobId, job.path("jid").asText());
            assertEquals("WordCount", job.path("name").asText());
            assertEquals("FINISHED", job.path("state").asText());
            JsonNode overview = json.readTree(get(http, port, "/jobs/overview")).path("jobs");
            assertEquals(1, overview.size());
            assertEquals(jobId, overview.get(0).path("jid").asText());
            assertEquals("FINISHED", overview.get(0).path("state").asText());
            if (CdpBrowser.available()) {
                jobPageInTheBrowser("http://127.0.0.1:" + port + "/", jobId);
            } else {
                System.out.println("YarnHistoryServerIT: the browser check is skipped: " + CdpBrowser.CHROMIUM
                        + " is not installed (.ci/run installs the chromium package)");
            }
        }
    }

    /**
     * The final tracking URL's page in headless Chromium: the dashboard of the history server shows
     * the ended job, its vertices with their final counts, and only what a history server has.
     */
    private static void jobPageInTheBrowser(String root, String jobId) throws Exception {
        Path screenshots = Path.of("target", "dashboard-screenshots");
        Files.createDirectories(screenshots);
        try (CdpBrowser browser = CdpBrowser.start(Path.of("target", "history-chromium.log"))) {
            browser.navigate(root + "#/jobs/" + jobId);
            browser.waitFor("document.querySelector('#job-page #vertices tbody tr')", Duration.ofSeconds(30));
            assertEquals(
                    "WordCount",
                    browser.evaluate("document.querySelector('#job-name').textContent")
                            .asText());
            assertEquals(
                    "FINISHED",
                    browser.evaluate("document.querySelector('#job-page').dataset.state")
                            .asText());
            assertEquals(
                    "History server",
                    browser.evaluate("document.querySelector('#cluster-name').textContent")
                            .asText());
            // Records out of the first vertex: final counts from the archive, no live-metrics warning.
            assertTrue(
                    browser.evaluate("!document.querySelector('#live-metrics-missing') && /[1-9]/.test("
                                    + "document.querySelector('#vertices tbody tr td:nth-child(5)').textContent)")
                            .asBoolean(),
                    "no final records out on the history server's job page");
            assertEquals(
                    0,
                    browser.evaluate("document.querySelectorAll('nav a[data-nav=\"taskmanagers\"]').length")
                            .asInt());
            browser.screenshot(screenshots.resolve("history-job.png"));
        }
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    /** A port free now, for the history server that the cluster's configuration names before it starts. */
    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
