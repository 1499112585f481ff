package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.checkpoint.SavepointException;
import dev.spindle.checkpoint.SavepointType;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.jobmanager.JobDetails;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /jobs/{jobid}/savepoints}, {@code POST /jobs/{jobid}/stop} and {@code GET
 * /jobs/{jobid}/savepoints/{triggerid}} on a real server whose dispatcher is a testing double.
 */
class RestSavepointsTest extends RestTestSupport {
    private static final String PATH = "hdfs://nn:8020/savepoints/savepoint-3f2a1b-9c8d7e6f5a4b";

    private final JobId running = JobId.generate();
    private final List<CompletableFuture<String>> pending = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        gateway.jobs.put(
                running,
                new JobDetails(
                        running,
                        "streaming",
                        JobStatus.RUNNING,
                        1000,
                        -1,
                        1200,
                        List.of(new JobDetails.VertexDetails(1, "Source", 1, 128, Map.of("RUNNING", 1)))));
        gateway.savepointAnswer = type -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        };
        start();
    }

    private Reply post(String path, String json) {
        return send("POST", path, token(), "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private String trigger(String path, String json) {
        Reply r = post(path, json);
        assertEquals(202, r.status(), r.json().toString());
        assertEquals(List.of("request-id"), names(r.json()));
        String id = r.json().get("request-id").asText();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        return id;
    }

    @Test
    void aSavepointIsInProgressThenCompletedWithItsLocation() {
        String id =
                trigger("/jobs/" + running + "/savepoints", "{\"target-directory\": \"hdfs://nn:8020/savepoints\"}");
        assertEquals(List.of(running + " SAVEPOINT hdfs://nn:8020/savepoints"), gateway.savepointRequests);

        Reply progress = get("/jobs/" + running + "/savepoints/" + id);
        assertEquals(200, progress.status());
        assertEquals("{\"status\":{\"id\":\"IN_PROGRESS\"}}", progress.json().toString());

        pending.get(0).complete(PATH);
        Reply done = get("/jobs/" + running + "/savepoints/" + id);
        assertEquals(200, done.status());
        assertEquals(
                "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"" + PATH + "\"}}",
                done.json().toString());
    }

    @Test
    void theBodyMayBeEmptyAndCancelJobStops() {
        send("POST", "/jobs/" + running + "/savepoints", token(), null, new byte[0]);
        trigger("/jobs/" + running + "/savepoints", "{}");
        trigger("/jobs/" + running + "/savepoints", "{\"cancel-job\": true, \"formatType\": \"CANONICAL\"}");
        trigger("/jobs/" + running + "/savepoints", "{\"cancel-job\": false, \"target-directory\": null}");
        assertEquals(
                List.of(
                        running + " SAVEPOINT null",
                        running + " SAVEPOINT null",
                        running + " STOP null",
                        running + " SAVEPOINT null"),
                gateway.savepointRequests);
    }

    @Test
    void stopWithAndWithoutDrain() {
        String stop = trigger("/jobs/" + running + "/stop", "{\"targetDirectory\": \"file:/sp\"}");
        String drain = trigger("/jobs/" + running + "/stop", "{\"drain\": true}");
        assertEquals(
                List.of(running + " STOP file:/sp", running + " " + SavepointType.STOP_AND_DRAIN + " null"),
                gateway.savepointRequests);
        pending.get(1).complete(PATH);
        assertEquals("IN_PROGRESS", status(stop).get("status").get("id").asText());
        assertEquals(PATH, status(drain).get("operation").get("location").asText());
    }

    @Test
    void aFailedSavepointIsCompletedWithItsCause() {
        String id = trigger("/jobs/" + running + "/stop", "");
        pending.get(0).completeExceptionally(new SavepointException("job " + running + " has already finished"));
        JsonNode j = status(id);
        assertEquals("COMPLETED", j.get("status").get("id").asText());
        assertEquals(List.of("failure-cause"), names(j.get("operation")));
        JsonNode cause = j.get("operation").get("failure-cause");
        assertEquals(List.of("class", "message", "stack-trace"), names(cause));
        assertEquals(SavepointException.class.getName(), cause.get("class").asText());
        assertEquals(
                "job " + running + " has already finished", cause.get("message").asText());
        assertTrue(
                cause.get("stack-trace").asText().startsWith(SavepointException.class.getName() + ": job "),
                cause.get("stack-trace").asText());
    }

    @Test
    void aRetriedTriggerIdStartsNothingNew() {
        String id = "0123456789abcdef0123456789abcdef";
        String body = "{\"triggerId\": \"" + id + "\"}";
        assertEquals(id, trigger("/jobs/" + running + "/savepoints", body));
        assertEquals(id, trigger("/jobs/" + running + "/savepoints", body));
        assertEquals(1, gateway.savepointRequests.size());
    }

    @Test
    void unknownTriggerIdIs404() {
        String unknown = "0123456789abcdef0123456789abcdef";
        Reply r = get("/jobs/" + running + "/savepoints/" + unknown);
        assertEquals(404, r.status());
        assertEquals(
                "no savepoint operation " + unknown + " of job " + running + ": it was never triggered here, or it "
                        + "completed more than 5 minutes ago and was forgotten",
                r.error());
        String id = trigger("/jobs/" + running + "/savepoints", "{}");
        JobId other = JobId.generate();
        assertEquals(404, get("/jobs/" + other + "/savepoints/" + id).status(), "trigger ids belong to their job");
    }

    @Test
    void unknownJobIs404AndTriggersNothing() {
        JobId unknown = JobId.generate();
        for (String path : List.of("/savepoints", "/stop")) {
            Reply r = post("/jobs/" + unknown + path, "{}");
            assertEquals(404, r.status(), path);
            assertEquals("no job " + unknown, r.error());
        }
        Reply status = get("/jobs/" + unknown + "/savepoints/0123456789abcdef0123456789abcdef");
        assertEquals(404, status.status());
        assertEquals("no job " + unknown, status.error());
        assertEquals(List.of(), gateway.savepointRequests);
    }

    @Test
    void malformedBodiesAre400() {
        Map<String, String> bodies = Map.of(
                "{", "malformed JSON",
                "[]", "Cannot deserialize",
                "{\"target-directory\": 3}", "malformed JSON",
                "{\"cancel-job\": \"yes\"}", "malformed JSON",
                "{\"unknown\": 1}", "Unrecognized field \"unknown\"",
                "{\"target-directory\": \"  \"}", "the target directory is blank",
                "{\"formatType\": \"NATIVE\"}", "formatType 'NATIVE' is not supported",
                "{\"triggerId\": \"abc\"}", "triggerId must be 32 lower-case hex digits",
                "null", "the body must be a JSON object");
        bodies.forEach((body, error) -> {
            Reply r = post("/jobs/" + running + "/savepoints", body);
            assertEquals(400, r.status(), body);
            assertTrue(r.error().contains(error), body + ": " + r.error());
        });
        Reply stop = post("/jobs/" + running + "/stop", "{\"target-directory\": \"/sp\"}");
        assertEquals(400, stop.status(), "the stop route spells it targetDirectory, as Flink");
        assertEquals(400, post("/jobs/nothex/stop", "{}").status());
        assertEquals(List.of(), gateway.savepointRequests);
    }

    @Test
    void triggersNeedTheTokenAndTheStatusDoesNot() {
        for (String path : List.of("/savepoints", "/stop")) {
            Reply r = send(
                    "POST", "/jobs/" + running + path, null, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, r.status(), path);
            Reply wrong = send(
                    "POST",
                    "/jobs/" + running + path,
                    "nope",
                    "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(401, wrong.status(), path);
        }
        assertEquals(List.of(), gateway.savepointRequests);
        String id = trigger("/jobs/" + running + "/savepoints", "{}");
        assertEquals(200, get("/jobs/" + running + "/savepoints/" + id).status());
        assertFalse(gateway.savepointRequests.isEmpty());
    }

    private JsonNode status(String triggerId) {
        Reply r = get("/jobs/" + running + "/savepoints/" + triggerId);
        assertEquals(200, r.status());
        return r.json();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
