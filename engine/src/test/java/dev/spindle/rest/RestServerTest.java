package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.config.Configuration;
import dev.spindle.config.RestOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.jobmanager.ClusterOverview;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.jobmanager.JobResultInfo;
import dev.spindle.jobmanager.TaskManagerDetails;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read endpoints, cancellation and routing: shapes and statuses. */
class RestServerTest extends RestTestSupport {
    private final JobId running = JobId.generate();
    private final JobId finished = JobId.generate();

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
                        List.of(
                                new JobDetails.VertexDetails(1, "Source: sequence", 2, 128, Map.of("RUNNING", 2)),
                                new JobDetails.VertexDetails(
                                        2, "Sink: print", 2, 7, Map.of("RUNNING", 1, "DEPLOYING", 1)))));
        gateway.jobs.put(
                finished,
                new JobDetails(
                        finished,
                        "batch",
                        JobStatus.FINISHED,
                        1000,
                        3500,
                        1100,
                        List.of(new JobDetails.VertexDetails(1, "Source", 1, 128, Map.of("FINISHED", 1)))));
        start();
    }

    @Test
    void bindsToLoopbackByDefault() {
        assertEquals("127.0.0.1", new Configuration().get(RestOptions.BIND_ADDRESS));
        assertEquals("127.0.0.1", address.getAddress().getHostAddress());
        assertTrue(address.getPort() > 0);
    }

    @Test
    void overview() {
        gateway.overview = new ClusterOverview(2, 8, 5, 1, 3, 4, 5);
        Reply r = get("/overview");
        assertEquals(200, r.status());
        JsonNode j = r.json();
        assertEquals(2, j.get("taskmanagers").asInt());
        assertEquals(8, j.get("slots-total").asInt());
        assertEquals(5, j.get("slots-available").asInt());
        assertEquals(1, j.get("jobs-running").asInt());
        assertEquals(3, j.get("jobs-finished").asInt());
        assertEquals(4, j.get("jobs-cancelled").asInt());
        assertEquals(5, j.get("jobs-failed").asInt());
        assertTrue(j.get("spindle-version").isTextual());
        assertEquals("standalone", j.get("cluster-mode").asText(), "cluster.mode, which the ApplicationMaster sets");
        assertEquals(9, j.size());
    }

    @Test
    void jobs() {
        Reply r = get("/jobs");
        assertEquals(200, r.status());
        assertEquals(2, r.json().get("jobs").size());
        for (JsonNode job : r.json().get("jobs")) {
            JobId id = JobId.fromHex(job.get("id").asText());
            assertEquals(gateway.jobs.get(id).status().name(), job.get("status").asText());
            assertEquals(2, job.size());
        }
    }

    @Test
    void jobsOverview() {
        Reply r = get("/jobs/overview");
        assertEquals(200, r.status());
        JsonNode batch = null;
        JsonNode streaming = null;
        for (JsonNode job : r.json().get("jobs")) {
            if (job.get("jid").asText().equals(finished.toString())) {
                batch = job;
            } else {
                streaming = job;
            }
        }
        assertEquals("batch", batch.get("name").asText());
        assertEquals("FINISHED", batch.get("state").asText());
        assertEquals(1000, batch.get("start-time").asLong());
        assertEquals(3500, batch.get("end-time").asLong());
        assertEquals(2500, batch.get("duration").asLong());
        assertEquals(1, batch.get("tasks").get("finished").asInt());
        assertEquals(1, batch.get("tasks").get("total").asInt());
        assertEquals(-1, streaming.get("end-time").asLong());
        assertTrue(streaming.get("duration").asLong() > 0, "a running job's duration runs until now");
        assertEquals(3, streaming.get("tasks").get("running").asInt());
        assertEquals(1, streaming.get("tasks").get("deploying").asInt());
        assertEquals(4, streaming.get("tasks").get("total").asInt());
    }

    @Test
    void jobDetails() {
        Reply r = get("/jobs/" + running);
        assertEquals(200, r.status());
        JsonNode j = r.json();
        assertEquals(running.toString(), j.get("jid").asText());
        assertEquals("streaming", j.get("name").asText());
        assertEquals("RUNNING", j.get("state").asText());
        assertEquals(1000, j.get("start-time").asLong());
        assertEquals(-1, j.get("end-time").asLong());
        assertEquals(1200, j.get("all-tasks-running-time").asLong());
        assertTrue(j.has("duration"));
        JsonNode sink = j.get("vertices").get(1);
        assertEquals(2, sink.get("id").asInt());
        assertEquals("Sink: print", sink.get("name").asText());
        assertEquals(2, sink.get("parallelism").asInt());
        assertEquals(7, sink.get("maxParallelism").asInt());
        assertEquals(1, sink.get("tasks").get("DEPLOYING").asInt());
        assertEquals(1, sink.get("tasks").get("RUNNING").asInt());
    }

    /** A job that waits for slots says what it waits for; one that waits for nothing has no such field. */
    @Test
    void jobDetailsOfAJobWaitingForSlotsSayWhatItWaitsFor() {
        JobId waiting = JobId.generate();
        String explanation =
                "waiting for 20 slots: 0 free of 12 in 3 TaskManagers, 0 TaskManagers pending, 0 starting; "
                        + "the cluster is at slotmanager.number-of-slots.max = 14: waiting for other jobs to release slots";
        gateway.jobs.put(
                waiting,
                new JobDetails(
                        waiting,
                        "wide",
                        JobStatus.CREATED,
                        1000,
                        -1,
                        -1,
                        List.of(new JobDetails.VertexDetails(1, "Source", 20, 128, Map.of("CREATED", 20))),
                        explanation));

        JsonNode j = get("/jobs/" + waiting).json();

        assertEquals("CREATED", j.get("state").asText());
        assertEquals(explanation, j.get("pending-resources").asText());
        assertTrue(!get("/jobs/" + running).json().has("pending-resources"));
    }

    @Test
    void unknownJobIs404() {
        JobId unknown = JobId.generate();
        Reply details = get("/jobs/" + unknown);
        assertEquals(404, details.status());
        assertTrue(details.error().contains(unknown.toString()), details.error());
        assertEquals(404, get("/jobs/" + unknown + "/execution-result").status());
        assertEquals(
                404,
                send("PATCH", "/jobs/" + unknown + "?mode=cancel", token(), null, new byte[0])
                        .status());
    }

    @Test
    void malformedJobIdIs400() {
        for (String id : List.of("123", "zz" + running.toString().substring(2), running + "0")) {
            Reply r = get("/jobs/" + id);
            assertEquals(400, r.status(), id);
            assertTrue(r.error().contains("32 hex digits"), r.error());
        }
        assertEquals(400, get("/jobs/nothex/execution-result").status());
        assertEquals(
                400, send("PATCH", "/jobs/nothex", token(), null, new byte[0]).status());
        assertFalse(gateway.calls.contains("requestJob"));
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        Reply r = get("/nothing/here");
        assertEquals(404, r.status());
        assertTrue(r.error().contains("/nothing/here"));
        assertEquals(404, get("/jobs/" + running + "/vertices/1/nothing").status());
        assertEquals(
                405, send("DELETE", "/overview", token(), null, new byte[0]).status());
        assertEquals(
                405,
                send("PATCH", "/jobs/overview", token(), null, new byte[0]).status(),
                "a literal path is not taken for a job id");
        assertEquals(405, get("/jars/upload").status());
        assertEquals(
                405, send("POST", "/taskmanagers", token(), null, new byte[0]).status());
    }

    @Test
    void cancelCallsTheGateway() {
        Reply r = send("PATCH", "/jobs/" + running + "?mode=cancel", token(), null, new byte[0]);
        assertEquals(202, r.status());
        assertEquals(0, r.json().size());
        assertTrue(r.json().isObject());
        assertEquals(List.of(running), gateway.cancelled);
        Reply stop = send("PATCH", "/jobs/" + running + "?mode=stop", token(), null, new byte[0]);
        assertEquals(400, stop.status());
        assertEquals(1, gateway.cancelled.size());
    }

    @Test
    void executionResultInProgress() {
        gateway.results.put(running, new JobResultInfo(running, JobStatus.RUNNING, 0, Map.of(), null));
        Reply r = get("/jobs/" + running + "/execution-result");
        assertEquals(200, r.status());
        assertEquals("IN_PROGRESS", r.json().get("status").get("id").asText());
        assertFalse(r.json().has("job-execution-result"));
        assertFalse(gateway.served.contains(running), "a result in progress is not the result");
    }

    @Test
    void executionResultSucceeded() {
        gateway.results.put(
                finished, new JobResultInfo(finished, JobStatus.FINISHED, 2500, Map.of("records", 10L), null));
        Reply r = get("/jobs/" + finished + "/execution-result");
        assertEquals("COMPLETED", r.json().get("status").get("id").asText());
        // The dispatcher hears of it once the response is written, which may be a moment after the
        // client has read it.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!gateway.served.contains(finished) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        assertTrue(gateway.served.contains(finished), "the dispatcher hears that the result was served");
        JsonNode result = r.json().get("job-execution-result");
        assertEquals(finished.toString(), result.get("id").asText());
        assertEquals("SUCCEEDED", result.get("application-status").asText());
        assertEquals(2500, result.get("net-runtime").asLong());
        assertEquals(10, result.get("accumulator-results").get("records").asLong());
        assertFalse(result.has("failure-cause"));
    }

    @Test
    void executionResultFailedAndCanceled() {
        gateway.results.put(
                finished,
                new JobResultInfo(
                        finished,
                        JobStatus.FAILED,
                        10,
                        Map.of(),
                        "java.lang.IllegalStateException: boom\nCaused by: java.io.IOException: disk"));
        JsonNode result = get("/jobs/" + finished + "/execution-result").json().get("job-execution-result");
        assertEquals("FAILED", result.get("application-status").asText());
        assertEquals(
                "java.lang.IllegalStateException",
                result.get("failure-cause").get("class").asText());
        assertTrue(result.get("failure-cause")
                .get("stack-trace")
                .asText()
                .contains("Caused by: java.io.IOException: disk"));

        gateway.results.put(running, new JobResultInfo(running, JobStatus.CANCELED, 10, Map.of(), null));
        JsonNode canceled = get("/jobs/" + running + "/execution-result").json().get("job-execution-result");
        assertEquals("CANCELED", canceled.get("application-status").asText());
    }

    @Test
    void taskManagers() {
        gateway.taskManagers = List.of(new TaskManagerDetails("tm-1", "host:6123", 6124, 4, 1, 12345L));
        Reply r = get("/taskmanagers");
        assertEquals(200, r.status());
        JsonNode tm = r.json().get("taskmanagers").get(0);
        assertEquals("tm-1", tm.get("id").asText());
        assertEquals("host:6123", tm.get("path").asText());
        assertEquals(6124, tm.get("dataPort").asInt());
        assertEquals(4, tm.get("slotsNumber").asInt());
        assertEquals(1, tm.get("freeSlots").asInt());
        assertEquals(12345L, tm.get("timeSinceLastHeartbeat").asLong());
    }

    @Test
    void routeTableHasTheDocumentedRoutes() {
        assertEquals(
                List.of(
                        "GET /",
                        "GET /web/{file}",
                        "GET /config",
                        "GET /jobmanager/config",
                        "GET /jobs/{jobid}/plan",
                        "GET /jobs/{jobid}/config",
                        "PUT /web/jobs/{jobid}/cancel",
                        "PUT /web/jobs/{jobid}/stop",
                        "GET /overview",
                        "GET /jobs",
                        "POST /jobs",
                        "GET /jobs/overview",
                        "GET /jobs/{jobid}",
                        "PATCH /jobs/{jobid}",
                        "PATCH /jobs/{jobid}/client-heartbeat",
                        "GET /jobs/{jobid}/execution-result",
                        "GET /jobs/{jobid}/exceptions",
                        "GET /jobs/{jobid}/checkpoints",
                        "GET /jobs/{jobid}/checkpoints/config",
                        "POST /jobs/{jobid}/savepoints",
                        "GET /jobs/{jobid}/savepoints/{triggerid}",
                        "POST /jobs/{jobid}/stop",
                        "GET /taskmanagers",
                        "POST /jars/upload",
                        "POST /jars/{jarid}/run",
                        "DELETE /jars/{jarid}",
                        "DELETE /cluster",
                        "GET /jobmanager/metrics",
                        "GET /taskmanagers/metrics",
                        "GET /taskmanagers/{taskmanagerid}/metrics",
                        "GET /jobs/{jobid}/metrics",
                        "GET /jobs/{jobid}/vertices/{vertexid}/metrics",
                        "GET /jobs/{jobid}/vertices/{vertexid}/subtasks/metrics",
                        "GET /jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}/metrics",
                        "GET /jobs/{jobid}/vertices/{vertexid}/backpressure",
                        "GET /jobmanager/logs",
                        "GET /jobmanager/logs/{filename}",
                        "GET /taskmanagers/{taskmanagerid}/logs",
                        "GET /taskmanagers/{taskmanagerid}/logs/{filename}",
                        "GET /jobmanager/thread-dump",
                        "GET /taskmanagers/{taskmanagerid}/thread-dump"),
                server.routes().routes().stream()
                        .map(r -> r.method() + " " + r.template())
                        .toList());
    }
}
