package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.jobmanager.ExceptionHistory;
import dev.spindle.jobmanager.JobDetails;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /jobs/{jobid}/exceptions} in Flink's shape, and the restart count of jobs, on a real server. */
class RestExceptionsTest extends RestTestSupport {
    private static final String NEWER_TRACE =
            "java.io.IOException: disk full\n\tat com.example.Sink.write(Sink.java:42)\n";
    private static final String OLDER_TRACE = "java.lang.ClassNotFoundException: com.example.Missing\n";

    private final JobId failed = JobId.generate();
    private final JobId healthy = JobId.generate();

    @BeforeEach
    void startServer() throws Exception {
        ExceptionHistory history = ExceptionHistory.empty(16)
                .with(new ExceptionHistory.Entry("java.lang.ClassNotFoundException", OLDER_TRACE, 1000, null, null))
                .with(new ExceptionHistory.Entry(
                        "java.io.IOException",
                        NEWER_TRACE,
                        2000,
                        "Sink: files (2/4)",
                        new ExceptionHistory.Location("tm-1", "10.0.0.5:41000")));
        gateway.exceptionHistories.put(failed, history);
        gateway.exceptionHistories.put(healthy, ExceptionHistory.empty(16));
        gateway.jobs.put(
                failed, new JobDetails(failed, "flaky", JobStatus.RESTARTING, 500, -1, 900, List.of(), null, 3));
        gateway.jobs.put(healthy, new JobDetails(healthy, "steady", JobStatus.RUNNING, 500, -1, 900, List.of()));
        start();
    }

    @Test
    void failuresInFlinksShapeNewestFirst() {
        Reply r = get("/jobs/" + failed + "/exceptions");

        assertEquals(200, r.status());
        JsonNode j = r.json();
        assertEquals(
                List.of("root-exception", "timestamp", "all-exceptions", "truncated", "exceptionHistory"), names(j));
        assertEquals(NEWER_TRACE, j.get("root-exception").asText());
        assertEquals(2000, j.get("timestamp").asLong());
        assertFalse(j.get("truncated").asBoolean());
        JsonNode failedTask = j.get("all-exceptions").get(0);
        assertEquals(1, j.get("all-exceptions").size());
        assertEquals(NEWER_TRACE, failedTask.get("exception").asText());
        assertEquals("Sink: files (2/4)", failedTask.get("task").asText());
        assertEquals("10.0.0.5:41000", failedTask.get("location").asText());
        assertEquals(2000, failedTask.get("timestamp").asLong());
        assertEquals("tm-1", failedTask.get("taskManagerId").asText());

        JsonNode history = j.get("exceptionHistory");
        assertFalse(history.get("truncated").asBoolean());
        assertEquals(2, history.get("entries").size());
        JsonNode newer = history.get("entries").get(0);
        assertEquals(
                List.of(
                        "exceptionName",
                        "stacktrace",
                        "timestamp",
                        "taskName",
                        "location",
                        "endpoint",
                        "taskManagerId",
                        "failureLabels",
                        "concurrentExceptions"),
                names(newer));
        assertEquals("java.io.IOException", newer.get("exceptionName").asText());
        assertEquals(NEWER_TRACE, newer.get("stacktrace").asText());
        assertEquals(2000, newer.get("timestamp").asLong());
        assertEquals("Sink: files (2/4)", newer.get("taskName").asText());
        assertEquals("10.0.0.5:41000", newer.get("location").asText());
        assertEquals("10.0.0.5:41000", newer.get("endpoint").asText());
        assertEquals("tm-1", newer.get("taskManagerId").asText());
        assertEquals(0, newer.get("failureLabels").size());
        assertTrue(newer.get("failureLabels").isObject());
        assertEquals(0, newer.get("concurrentExceptions").size());
        assertTrue(newer.get("concurrentExceptions").isArray());

        JsonNode older = history.get("entries").get(1);
        assertEquals(
                List.of("exceptionName", "stacktrace", "timestamp", "failureLabels", "concurrentExceptions"),
                names(older),
                "a failure of the job as a whole has no task and no location");
        assertEquals(
                "java.lang.ClassNotFoundException", older.get("exceptionName").asText());
        assertEquals(1000, older.get("timestamp").asLong());
    }

    @Test
    void aJobThatHasNotFailedHasAnEmptyHistory() {
        Reply r = get("/jobs/" + healthy + "/exceptions");

        assertEquals(200, r.status());
        assertEquals(List.of("all-exceptions", "truncated", "exceptionHistory"), names(r.json()));
        assertEquals(0, r.json().get("all-exceptions").size());
        assertEquals(0, r.json().get("exceptionHistory").get("entries").size());
        assertFalse(r.json().get("exceptionHistory").get("truncated").asBoolean());
    }

    @Test
    void maxExceptionsLimitsTheHistory() {
        JsonNode history =
                get("/jobs/" + failed + "/exceptions?maxExceptions=1").json().get("exceptionHistory");

        assertEquals(1, history.get("entries").size());
        assertEquals(
                "java.io.IOException",
                history.get("entries").get(0).get("exceptionName").asText());
        assertTrue(history.get("truncated").asBoolean());
    }

    @Test
    void aBadMaxExceptionsIs400() {
        Reply r = get("/jobs/" + failed + "/exceptions?maxExceptions=many");

        assertEquals(400, r.status());
        assertEquals("maxExceptions must be a whole number of at least 0, was 'many'", r.error());
    }

    @Test
    void anUnknownJobIs404() {
        JobId unknown = JobId.generate();

        Reply r = get("/jobs/" + unknown + "/exceptions");

        assertEquals(404, r.status());
        assertTrue(r.error().contains(unknown.toString()), r.error());
    }

    @Test
    void jobDetailsAndOverviewCountRestarts() {
        assertEquals(3, get("/jobs/" + failed).json().get("restarts").asInt());
        assertEquals("RESTARTING", get("/jobs/" + failed).json().get("state").asText());
        assertEquals(0, get("/jobs/" + healthy).json().get("restarts").asInt());
        for (JsonNode job : get("/jobs/overview").json().get("jobs")) {
            int expected = job.get("jid").asText().equals(failed.toString()) ? 3 : 0;
            assertEquals(expected, job.get("restarts").asInt(), job.toString());
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
