package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.jobmanager.JobPlan;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web dashboard's files and the REST views it reads ({@code /config}, {@code /jobmanager/config},
 * a job's vertices, plan and configuration), secrets hidden, and its cancel and stop whose body
 * carries the token (the YARN web proxy forwards no Authorization header): refused without it.
 */
class DashboardRoutesTest extends RestTestSupport {
    private static final Pattern ATTRIBUTE = Pattern.compile("(?:href|src)=\"([^\"]*)\"");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z-]+\\.js)'");
    private static final Pattern ABSOLUTE_CALL =
            Pattern.compile("(?:getJson|getText|putWithToken|metricValues|metricIds|fetch)\\(\\s*['\"`]/");

    private final JobId job = JobId.generate();

    private HttpResponse<String> raw(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDashboardIsServedAtTheRootWithRelativeUrlsAndRevalidatedCaching() throws Exception {
        start();
        HttpResponse<String> index = raw("/", null);
        assertEquals(200, index.statusCode());
        assertEquals(
                "text/html; charset=utf-8",
                index.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", index.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(
                "nosniff", index.headers().firstValue("X-Content-Type-Options").orElseThrow());
        assertTrue(index.headers()
                .firstValue("Content-Security-Policy")
                .orElseThrow()
                .contains("script-src 'self'"));
        Matcher links = ATTRIBUTE.matcher(index.body());
        int n = 0;
        while (links.find()) {
            String link = links.group(1);
            assertFalse(link.startsWith("/") || link.contains("//"), "not relative: " + link);
            n++;
        }
        assertEquals(10, n, index.body());
        assertEquals(
                304, raw("/", index.headers().firstValue("ETag").orElseThrow()).statusCode());

        HttpResponse<String> css = raw("/web/app.css", null);
        assertEquals(200, css.statusCode());
        assertEquals(
                "text/css; charset=utf-8",
                css.headers().firstValue("Content-Type").orElseThrow());
        // Every module the page loads, followed through its imports, is served as JavaScript and
        // calls the REST endpoint with relative paths only (they resolve under /proxy/<appId>/).
        List<String> modules = new java.util.ArrayList<>(List.of("app.js"));
        for (int i = 0; i < modules.size(); i++) {
            HttpResponse<String> js = raw("/web/" + modules.get(i), null);
            assertEquals(200, js.statusCode(), modules.get(i));
            assertEquals(
                    "text/javascript; charset=utf-8",
                    js.headers().firstValue("Content-Type").orElseThrow());
            assertFalse(ABSOLUTE_CALL.matcher(js.body()).find(), modules.get(i) + " calls an absolute path");
            Matcher imports = IMPORT.matcher(js.body());
            while (imports.find()) {
                if (!modules.contains(imports.group(1))) {
                    modules.add(imports.group(1));
                }
            }
        }
        assertEquals(List.of("app.js", "api.js", "dom.js", "pages.js", "job.js", "graph.js"), modules);
    }

    @Test
    void onlyTheDashboardsOwnFilesAreServed() throws Exception {
        start();
        assertEquals(404, get("/web/nothing.js").status());
        assertEquals(404, get("/web/..%2Fweb%2Fapp.js").status());
        assertEquals(404, get("/web/WebResources.class").status());
        assertEquals(
                "no such file of the dashboard: nothing.js",
                get("/web/nothing.js").error());
    }

    @Test
    void configTellsTheDashboardHowOftenToRefresh() throws Exception {
        start(Configuration.fromMap(
                Map.of("web.refresh-interval", "5 s", "cluster.name", "night", "cluster.mode", "session")));
        JsonNode config = get("/config").json();
        assertEquals(5000, config.get("refresh-interval").asLong());
        assertEquals("dev", config.get("flink-version").asText());
        assertEquals("night", config.get("cluster-name").asText());
        assertEquals("session", config.get("cluster-mode").asText());
        assertTrue(config.get("features").get("web-cancel").asBoolean());
        assertFalse(config.get("features").get("web-submit").asBoolean());
        assertFalse(config.get("features").get("web-history").asBoolean());
    }

    @Test
    void theJobManagersConfigurationHidesSecrets() throws Exception {
        start(Configuration.fromMap(Map.of(
                "security.ssl.keystore-password", "hunter2",
                "fs.s3a.secret.key", "s3cr3t-value",
                "metrics.reporter.x.apiToken", "t0ken-value",
                "cluster.name", "visible-name")));
        Reply reply = get("/jobmanager/config");
        assertEquals(200, reply.status());
        Map<String, String> entries = new java.util.TreeMap<>();
        reply.json()
                .forEach(e -> entries.put(e.get("key").asText(), e.get("value").asText()));
        assertEquals("******", entries.get("security.ssl.keystore-password"));
        assertEquals("******", entries.get("fs.s3a.secret.key"));
        assertEquals("******", entries.get("metrics.reporter.x.apiToken"));
        assertEquals("visible-name", entries.get("cluster.name"));
        String body = reply.json().toString();
        for (String secretText : List.of(
                "hunter2",
                "s3cr3t-value",
                "t0ken-value",
                token(),
                HexFormat.of().formatHex(secret.toBytes()))) {
            assertFalse(body.contains(secretText), "a secret shows: " + body);
        }
    }

    private void runningJobWithPlan() {
        gateway.jobs.put(
                job,
                new JobDetails(
                        job,
                        "counts",
                        JobStatus.RUNNING,
                        1000,
                        -1,
                        2000,
                        List.of(
                                new JobDetails.VertexDetails(1, "Source: records", 2, 128, Map.of("RUNNING", 2)),
                                new JobDetails.VertexDetails(
                                        2, "Count per key -> Sink", 3, 128, Map.of("RUNNING", 2, "FINISHED", 1)))));
        gateway.plans.put(
                job,
                new JobPlan(
                        job,
                        "counts",
                        "STREAMING",
                        List.of(
                                new JobPlan.Node(
                                        1, "Source: records", 2, List.of("Source: records"), List.of(), 0, 40, false),
                                new JobPlan.Node(
                                        2,
                                        "Count per key -> Sink",
                                        3,
                                        List.of("Count per key", "Sink"),
                                        List.of(new JobPlan.Input(0, 1, "HASH")),
                                        40,
                                        40,
                                        false)),
                        Map.of("pipeline.name", "counts", "my.password", "pw-value")));
    }

    @Test
    void aJobShowsItsVerticesWithStatusRecordsAndPlan() throws Exception {
        runningJobWithPlan();
        start();
        JsonNode j = get("/jobs/" + job).json();
        assertEquals("counts", j.get("name").asText());
        JsonNode v2 = j.get("vertices").get(1);
        assertEquals(2, v2.get("id").asInt());
        assertEquals("Count per key -> Sink", v2.get("name").asText());
        assertEquals(3, v2.get("parallelism").asInt());
        assertEquals("RUNNING", v2.get("status").asText());
        assertEquals(40, v2.get("metrics").get("read-records").asLong());
        assertFalse(v2.get("metrics").get("read-records-complete").asBoolean());
        assertEquals("RUNNING", j.get("vertices").get(0).get("status").asText());
        JsonNode node = j.get("plan").get("nodes").get(1);
        assertEquals("Count per key -> Sink", node.get("operator").asText());
        assertEquals("Count per key -> Sink", node.get("description").asText());
        assertEquals(1, node.get("inputs").get(0).get("id").asInt());
        assertEquals("HASH", node.get("inputs").get(0).get("ship_strategy").asText());
        assertEquals(j.get("plan"), get("/jobs/" + job + "/plan").json().get("plan"));

        JsonNode config = get("/jobs/" + job + "/config").json();
        assertEquals(
                "STREAMING",
                config.get("execution-config").get("execution-mode").asText());
        assertEquals(3, config.get("execution-config").get("job-parallelism").asInt());
        assertEquals(
                "counts",
                config.get("execution-config")
                        .get("user-config")
                        .get("pipeline.name")
                        .asText());
        assertEquals(
                "******",
                config.get("execution-config")
                        .get("user-config")
                        .get("my.password")
                        .asText());
        assertFalse(config.toString().contains("pw-value"));
    }

    @Test
    void aJobWithoutAPlanStillShowsAndUnknownJobsAre404() throws Exception {
        gateway.jobs.put(
                job,
                new JobDetails(
                        job,
                        "plain",
                        JobStatus.RUNNING,
                        1000,
                        -1,
                        -1,
                        List.of(new JobDetails.VertexDetails(1, "v", 1, 128, Map.of("CREATED", 1)))));
        start();
        JsonNode j = get("/jobs/" + job).json();
        assertEquals("CREATED", j.get("vertices").get(0).get("status").asText());
        assertFalse(j.has("plan"));
        assertEquals(404, get("/jobs/" + job + "/plan").status());
        JobId unknown = JobId.generate();
        assertEquals(404, get("/jobs/" + unknown).status());
        assertEquals(404, get("/jobs/" + unknown + "/config").status());
    }

    private Reply put(String path, String authorization, String body) {
        return send("PUT", path, authorization, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDashboardCancelsWithTheTokenInTheBodyAndOnlyWithIt() throws Exception {
        runningJobWithPlan();
        start();
        String path = "/web/jobs/" + job + "/cancel";
        assertEquals(401, put(path, null, "{}").status());
        assertEquals(
                401, put(path, null, "{\"token\":\"" + "0".repeat(64) + "\"}").status());
        assertEquals(401, put(path, null, "{\"token\":42}").status());
        // The header alone does not do here: the proxy would have dropped it, and the route reads the body.
        assertEquals(401, put(path, token(), "{}").status());
        assertEquals(400, put(path, null, "token=" + token()).status());
        assertEquals(400, put(path, null, "[\"" + token() + "\"]").status());
        // Other methods on the path are the ordinary mutating requests: no header, no entry.
        assertEquals(
                401,
                send(
                                "POST",
                                path,
                                null,
                                "application/json",
                                ("{\"token\":\"" + token() + "\"}").getBytes(StandardCharsets.UTF_8))
                        .status());
        assertEquals(List.of(), gateway.cancelled);

        Reply cancelled = put(path, null, "{\"token\":\"" + token() + "\"}");
        assertEquals(202, cancelled.status(), cancelled.json()::toString);
        assertEquals(List.of(job), gateway.cancelled);
        assertEquals(
                404,
                put("/web/jobs/" + JobId.generate() + "/cancel", null, "{\"token\":\"" + token() + "\"}")
                        .status());
    }

    @Test
    void theDashboardStopsWithASavepointWithTheTokenInTheBody() throws Exception {
        runningJobWithPlan();
        start();
        String path = "/web/jobs/" + job + "/stop";
        assertEquals(401, put(path, null, "{\"drain\":false}").status());
        assertEquals(List.of(), gateway.savepointRequests);
        Reply stop = put(path, null, "{\"token\":\"" + token() + "\",\"targetDirectory\":\"file:/sp\",\"drain\":true}");
        assertEquals(202, stop.status(), stop.json()::toString);
        String trigger = stop.json().get("request-id").asText();
        JsonNode status = awaitCompleted("/jobs/" + job + "/savepoints/" + trigger);
        assertEquals(
                "file:/savepoints/savepoint-000000-000000000000",
                status.get("operation").get("location").asText());
        assertEquals(List.of(job + " STOP_AND_DRAIN file:/sp"), gateway.savepointRequests);
        // An unknown field is the stop route's 400, as on POST /jobs/{jobid}/stop.
        assertEquals(
                400,
                put(path, null, "{\"token\":\"" + token() + "\",\"nope\":1}").status());
    }

    private JsonNode awaitCompleted(String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode r = get(path).json();
            if ("COMPLETED".equals(r.path("status").path("id").asText()) || System.nanoTime() > deadline) {
                return r;
            }
            Thread.sleep(20);
        }
    }
}
