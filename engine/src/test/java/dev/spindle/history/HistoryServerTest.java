package dev.spindle.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.config.Configuration;
import dev.spindle.config.HistoryServerOptions;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.core.JobId;
import dev.spindle.history.archive.ArchivedJson;
import dev.spindle.history.archive.JobArchives;
import dev.spindle.rest.WebResources;
import dev.spindle.util.CapturedWarnings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history server on a loopback port over a Hadoop local file system directory of archives. */
class HistoryServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JobId JOB = JobId.fromHex("0123456789abcdef0123456789abcdef");
    private static final JobId MALFORMED = JobId.fromHex("fedcba9876543210fedcba9876543210");
    private static final String DETAILS = "{\"jid\":\"" + JOB + "\",\"name\":\"WordCount\",\"state\":\"FINISHED\"}";
    private static final String EXCEPTIONS = "{\"root-exception\":null,\"exceptionHistory\":{\"entries\":[]}}";

    @TempDir
    Path dir;

    private Path archives;
    private HistoryServer server;
    private InetSocketAddress address;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void writeArchives() throws IOException {
        archives = dir.resolve("archives");
        JobArchives.write(
                archives.toUri().toString(),
                JOB,
                List.of(
                        new ArchivedJson(
                                "/jobs/overview",
                                "{\"jobs\":[{\"jid\":\"" + JOB
                                        + "\",\"name\":\"WordCount\",\"state\":\"FINISHED\",\"start-time\":5}]}"),
                        new ArchivedJson("/jobs/" + JOB, DETAILS),
                        new ArchivedJson("/jobs/" + JOB + "/exceptions", EXCEPTIONS),
                        new ArchivedJson("/jobs/" + MALFORMED, "{\"jid\":\"another job\"}"),
                        new ArchivedJson("/jobs/" + JOB + "/a b", "{}")));
        Files.writeString(archives.resolve(MALFORMED.toString()), "{\"archive\": [ not json");
        Files.writeString(archives.resolve(".half-written.inprogress"), "{");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Configuration extra) throws IOException {
        Configuration config = new Configuration();
        config.set(HistoryServerOptions.ARCHIVE_DIRS, archives.toUri().toString());
        config.set(HistoryServerOptions.WEB_PORT, 0);
        config.set(HistoryServerOptions.WEB_TMPDIR, dir.resolve("local").toString());
        config.addAll(extra);
        server = new HistoryServer(config);
        address = server.start();
    }

    @Test
    void servesTheArchivedViewsAndSkipsTheMalformedArchiveWithOneWarning() throws Exception {
        try (CapturedWarnings warnings = new CapturedWarnings(ArchiveFetcher.class)) {
            start(new Configuration());
            server.refresh();
            assertEquals(
                    List.of(
                            "Ignoring the views of " + location(JOB) + " that are not plain paths of job " + JOB
                                    + ": [/jobs/" + MALFORMED + ", /jobs/" + JOB + "/a b]",
                            "Skipping the job archive " + location(MALFORMED) + ": not JSON: "),
                    warnings.lines().stream()
                            .map(l -> l.replaceAll("(not JSON: ).*", "$1"))
                            .sorted()
                            .toList());
        }
        assertEquals(DETAILS, get("/jobs/" + JOB, 200));
        assertEquals(EXCEPTIONS, get("/jobs/" + JOB + "/exceptions", 200));
        assertEquals(DETAILS, get("/jobs/" + JOB + "?any=query", 200));
        assertEquals(
                "{\"jobs\":[{\"jid\":\"" + JOB + "\",\"name\":\"WordCount\",\"state\":\"FINISHED\",\"start-time\":5}]}",
                get("/jobs/overview", 200));
        JsonNode config = JSON.readTree(get("/config", 200));
        assertEquals(true, config.path("features").path("web-history").asBoolean());
        assertEquals(false, config.path("features").path("web-cancel").asBoolean());
        assertEquals(10_000, config.path("refresh-interval").asLong());
        assertEquals("{\"errors\":[\"not found: /jobs/" + MALFORMED + "\"]}", get("/jobs/" + MALFORMED, 404));
    }

    @Test
    void isReadOnlyAndServesNothingOutsideItsViews() throws Exception {
        Files.createDirectories(dir.resolve("local"));
        Files.writeString(dir.resolve("local").resolve("secret.json"), "{}");
        start(new Configuration());
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(uri("/jobs/" + JOB))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
        assertEquals(
                "{\"errors\":[\"POST is not allowed on /jobs/" + JOB + "; the history server is read-only\"]}",
                post.body());
        assertEquals("{\"errors\":[\"not found: /jobs/../secret\"]}", get("/jobs/%2e%2e/secret", 404));
        assertEquals("{\"errors\":[\"not found: /../secret\"]}", get("/%2e%2e/secret", 404));
        assertEquals("{\"errors\":[\"not found: /nothing/here\"]}", get("/nothing/here", 404));
    }

    @Test
    void theRootShowsTheDashboardOrAPageListingTheJobs() throws Exception {
        start(new Configuration());
        HttpResponse<String> root =
                http.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, root.statusCode());
        assertEquals(
                "text/html; charset=utf-8",
                root.headers().firstValue("Content-Type").orElse(""));
        try (InputStream index = getClass().getClassLoader().getResourceAsStream(WebResources.ROOT + "/index.html")) {
            if (index != null) {
                assertEquals(new String(index.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), root.body());
            } else {
                assertTrue(
                        root.body()
                                .contains("<a href=\"jobs/" + JOB + "\">" + JOB + "</a></td><td>WordCount</td>"
                                        + "<td>FINISHED</td>"),
                        root.body());
            }
        }
    }

    @Test
    void aJobWhoseArchiveWentIsNoLongerServed() throws Exception {
        start(new Configuration());
        assertEquals(DETAILS, get("/jobs/" + JOB, 200));
        Files.delete(archives.resolve(JOB.toString()));
        server.refresh();
        assertEquals("{\"errors\":[\"not found: /jobs/" + JOB + "\"]}", get("/jobs/" + JOB, 404));
        assertEquals("{\"jobs\":[]}", get("/jobs/overview", 200));
    }

    @Test
    void retainsTheNewestJobsOfEachDirectory() throws Exception {
        JobId newer = JobId.fromHex("11111111111111111111111111111111");
        JobArchives.write(
                archives.toString(), newer, List.of(new ArchivedJson("/jobs/" + newer, "{\"jid\":\"" + newer + "\"}")));
        Files.setLastModifiedTime(archives.resolve(JOB.toString()), java.nio.file.attribute.FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(
                archives.resolve(newer.toString()), java.nio.file.attribute.FileTime.fromMillis(9_000));
        Files.setLastModifiedTime(
                archives.resolve(MALFORMED.toString()), java.nio.file.attribute.FileTime.fromMillis(500));
        Configuration retained = new Configuration();
        retained.set(HistoryServerOptions.RETAINED_JOBS, 1);
        start(retained);
        assertEquals("{\"jid\":\"" + newer + "\"}", get("/jobs/" + newer, 200));
        assertEquals("{\"errors\":[\"not found: /jobs/" + JOB + "\"]}", get("/jobs/" + JOB, 404));
    }

    @Test
    void refusesToStartWithoutItsDirectoryOrPort() throws Exception {
        Configuration missing = new Configuration();
        missing.set(HistoryServerOptions.ARCHIVE_DIRS, dir.resolve("absent").toString());
        HistoryServer absent = new HistoryServer(missing);
        assertEquals(
                "the archive directory " + dir.resolve("absent") + " (historyserver.archive.fs.dir) does not exist; "
                        + "create it, or correct the option",
                assertThrows(IllegalConfigurationException.class, absent::start).getMessage());
        absent.close();
        assertEquals(
                "historyserver.archive.fs.dir is not set; set it to the directories the JobManagers archive to "
                        + "(their jobmanager.archive.fs.dir), comma-separated",
                assertThrows(IllegalConfigurationException.class, () -> new HistoryServer(new Configuration()))
                        .getMessage());
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Configuration config = new Configuration();
            config.set(HistoryServerOptions.WEB_PORT, taken.getLocalPort());
            IOException e = assertThrows(IOException.class, () -> start(config));
            assertTrue(
                    e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " ("),
                    e.getMessage());
            assertTrue(
                    e.getMessage()
                            .endsWith("); the port is taken or the address is not this machine's: set "
                                    + "historyserver.web.port or historyserver.web.address"),
                    e.getMessage());
            server.close();
            server = null;
        }
    }

    /** How the archive of {@code job} is named in messages: its Hadoop path. */
    private String location(JobId job) {
        return new org.apache.hadoop.fs.Path(archives.resolve(job.toString()).toUri()).toString();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + address.getPort() + path);
    }

    private String get(String path, int status) throws Exception {
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), path + ": " + response.body());
        return response.body();
    }
}
