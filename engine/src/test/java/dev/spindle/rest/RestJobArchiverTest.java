package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.config.Configuration;
import dev.spindle.config.RestOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.history.archive.ArchivedJson;
import dev.spindle.history.archive.JobArchives;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.jobmanager.TestingJarRunner;
import dev.spindle.runtime.local.LocalTaskDeployer;
import dev.spindle.security.ClusterSecret;
import dev.spindle.util.CapturedWarnings;
import io.netty.handler.codec.http.HttpMethod;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archiving through the endpoint's own routes: real jobs in a {@link Dispatcher} behind a real
 * {@link RestServer}, the archive written to a Hadoop local file system directory.
 */
class RestJobArchiverTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Dispatcher dispatcher;
    private RestServer server;
    private InetSocketAddress address;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        Configuration config = new Configuration();
        config.set(RestOptions.PORT, 0);
        dispatcher = new Dispatcher(config, new LocalTaskDeployer(), getClass().getClassLoader(), List::of);
        server = new RestServer(
                dispatcher, new TestingJarRunner(), dir.resolve("uploads"), ClusterSecret.generate(), config);
        address = server.start();
    }

    @AfterEach
    void stop() {
        dispatcher.cancelAll();
        server.close();
    }

    @Test
    void theArchiveHoldsWhatTheLiveEndpointAnswersForEachViewOfTheList() throws Exception {
        Path archiveDir = dir.resolve("archive");
        dispatcher.setArchiver(
                new RestJobArchiver(server.routes(), archiveDir.toUri().toString()));
        JobId first = runToEnd("first");
        JobId second = runToEnd("second");

        List<ArchivedJson> views = read(archiveDir.resolve(second.toString()));
        List<String> expectedPaths = new ArrayList<>();
        for (String template : ArchivedViews.TEMPLATES) {
            String path = template.replace("{jobid}", second.toString());
            if (server.routes().route(HttpMethod.GET, path) instanceof Router.Found) {
                expectedPaths.add(path);
            }
        }
        assertEquals(expectedPaths, views.stream().map(ArchivedJson::path).toList());
        String id = second.toString();
        assertTrue(
                expectedPaths.containsAll(List.of(
                        "/jobs/overview",
                        "/jobs/" + id,
                        "/jobs/" + id + "/exceptions",
                        "/jobs/" + id + "/checkpoints",
                        "/jobs/" + id + "/checkpoints/config")),
                expectedPaths.toString());
        for (ArchivedJson view : views) {
            if (!view.path().equals(ArchivedViews.JOBS_OVERVIEW)) {
                assertEquals(get(view.path()), view.json(), view.path());
            }
        }
        // the live overview lists both jobs; the archive of one only its own entry
        assertEquals(2, JSON.readTree(get("/jobs/overview")).path("jobs").size());
        JsonNode overview = JSON.readTree(views.get(0).json()).path("jobs");
        assertEquals(1, overview.size());
        assertEquals(id, overview.get(0).path("jid").asText());
        assertEquals("second", overview.get(0).path("name").asText());
        assertEquals("FINISHED", overview.get(0).path("state").asText());
        assertEquals(
                "FINISHED", JSON.readTree(views.get(1).json()).path("state").asText());
        assertTrue(Files.isRegularFile(archiveDir.resolve(first.toString())));
        try (Stream<Path> files = Files.list(archiveDir)) {
            assertEquals(2, files.count(), "no temporary file left");
        }
    }

    @Test
    void anUnwritableDirectoryIsOneWarningAndTheJobStillEnds() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        String archiveDir = file.resolve("archive").toUri().toString();
        dispatcher.setArchiver(new RestJobArchiver(server.routes(), archiveDir));
        try (CapturedWarnings warnings = new CapturedWarnings(RestJobArchiver.class)) {
            JobId jobId = runToEnd("unarchived");
            assertTrue(dispatcher.awaitArchives(Duration.ofSeconds(30)));
            assertTrue(dispatcher.awaitCleanups(Duration.ofSeconds(30)));
            List<String> lines = warnings.startingWith("Could not archive job " + jobId + " to " + archiveDir + ": ");
            assertEquals(1, lines.size(), warnings.lines().toString());
            assertEquals(
                    JobStatus.FINISHED, dispatcher.requestJobResult(jobId).get().status());
        }
    }

    private JobId runToEnd(String name) throws Exception {
        JobId jobId = dispatcher
                .submitJob(LocalRestCluster.keyedSum(name, dir.resolve("checkpoints"), null, 200), List.of())
                .get();
        assertEquals(JobStatus.FINISHED, dispatcher.jobTermination(jobId).get());
        assertTrue(dispatcher.awaitArchives(Duration.ofSeconds(30)));
        return jobId;
    }

    private static List<ArchivedJson> read(Path archive) throws Exception {
        try (InputStream in = Files.newInputStream(archive)) {
            return JobArchives.read(in);
        }
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }
}
