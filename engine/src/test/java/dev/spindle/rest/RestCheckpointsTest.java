package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.checkpoint.CheckpointStorage;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /jobs/{jobid}/checkpoints} and {@code .../checkpoints/config} on a real server, for a
 * real job whose tasks run in this JVM and checkpoint into a temporary directory.
 */
class RestCheckpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private LocalRestCluster cluster;

    @BeforeEach
    void startCluster() throws IOException {
        cluster = new LocalRestCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void theCheckpointsOfAJobInFlinksShape() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        JobId job = cluster.submit(LocalRestCluster.keyedSum("checkpointed", checkpoints));
        cluster.awaitCheckpoints(job, s -> s.completed() >= 3);
        assertEquals(JobStatus.CANCELED, cluster.cancel(job));

        // Cancelled, the job's statistics no longer change (a checkpoint stored while the job
        // stopped may still be counted just after: then read again).
        CheckpointStats stats;
        JsonNode j;
        do {
            stats = cluster.dispatcher().requestCheckpointStats(job).get();
            j = get("/jobs/" + job + "/checkpoints", 200);
        } while (!stats.equals(cluster.dispatcher().requestCheckpointStats(job).get()));

        assertEquals(List.of("counts", "summary", "latest", "history"), names(j));
        JsonNode counts = j.get("counts");
        assertEquals(List.of("restored", "total", "in_progress", "completed", "failed"), names(counts));
        assertEquals(0, counts.get("restored").asLong());
        assertEquals(stats.triggered(), counts.get("total").asLong());
        assertEquals(0, counts.get("in_progress").asInt());
        assertEquals(stats.completed(), counts.get("completed").asLong());
        assertEquals(stats.failed(), counts.get("failed").asLong());
        assertTrue(stats.completed() >= 3, stats.toString());

        JsonNode duration = j.get("summary").get("end_to_end_duration");
        assertEquals(List.of("checkpointed_size", "state_size", "end_to_end_duration"), names(j.get("summary")));
        assertEquals(List.of("min", "max", "avg", "p50", "p90", "p95", "p99", "p999"), names(duration));
        assertEquals(stats.summary().duration().min(), duration.get("min").asLong());
        assertEquals(stats.summary().duration().max(), duration.get("max").asLong());
        assertEquals(stats.summary().duration().average(), duration.get("avg").asLong());
        assertEquals(stats.summary().duration().p99(), duration.get("p99").asDouble());
        JsonNode size = j.get("summary").get("state_size");
        assertEquals(stats.summary().stateSize().max(), size.get("max").asLong());
        assertTrue(size.get("max").asLong() > 0, "keyed state was written: " + size);
        assertEquals(size, j.get("summary").get("checkpointed_size"));

        CheckpointStats.Entry latest = stats.latestCompleted();
        JsonNode completed = j.get("latest").get("completed");
        assertEquals(List.of("completed", "savepoint", "failed", "restored"), names(j.get("latest")));
        assertTrue(j.get("latest").get("savepoint").isNull());
        assertTrue(j.get("latest").get("restored").isNull(), "the job never restarted");
        assertEquals(
                List.of(
                        "className",
                        "id",
                        "status",
                        "is_savepoint",
                        "savepointFormat",
                        "trigger_timestamp",
                        "latest_ack_timestamp",
                        "checkpointed_size",
                        "state_size",
                        "end_to_end_duration",
                        "num_subtasks",
                        "num_acknowledged_subtasks",
                        "checkpoint_type",
                        "tasks",
                        "external_path",
                        "discarded"),
                names(completed));
        assertEquals("completed", completed.get("className").asText());
        assertEquals(latest.id(), completed.get("id").asLong());
        assertEquals("COMPLETED", completed.get("status").asText());
        assertFalse(completed.get("is_savepoint").asBoolean());
        assertEquals(
                latest.triggerTimestamp(), completed.get("trigger_timestamp").asLong());
        assertEquals(
                latest.endTimestamp(), completed.get("latest_ack_timestamp").asLong());
        assertEquals(latest.stateSize(), completed.get("state_size").asLong());
        assertEquals(latest.duration(), completed.get("end_to_end_duration").asLong());
        assertEquals(4, completed.get("num_subtasks").asInt(), "2 sources and 2 keyed sums");
        assertEquals(4, completed.get("num_acknowledged_subtasks").asInt());
        assertEquals("CHECKPOINT", completed.get("checkpoint_type").asText());
        String jobDirectory = "file:" + checkpoints.toAbsolutePath() + "/" + job;
        assertEquals(
                jobDirectory + "/chk-" + latest.id(),
                completed.get("external_path").asText());
        assertFalse(completed.get("discarded").asBoolean(), "kept: RETAIN_ON_CANCELLATION");
        assertTrue(Files.exists(checkpoints
                .resolve(job.toString())
                .resolve("chk-" + latest.id())
                .resolve(CheckpointStorage.METADATA_FILE)));

        assertEquals(stats.history().size(), j.get("history").size());
        for (int i = 0; i < stats.history().size(); i++) {
            CheckpointStats.Entry e = stats.history().get(i);
            JsonNode h = j.get("history").get(i);
            assertEquals(e.id(), h.get("id").asLong());
            assertEquals(e.status(), h.get("status").asText());
            assertEquals(e.triggerTimestamp(), h.get("trigger_timestamp").asLong());
            if (e.status().equals("FAILED")) {
                assertEquals("failed", h.get("className").asText());
                assertEquals(e.endTimestamp(), h.get("failure_timestamp").asLong());
                assertEquals(e.failureMessage(), h.get("failure_message").asText());
                assertFalse(h.has("external_path"));
            } else {
                assertEquals(e.externalPath(), h.get("external_path").asText());
                assertEquals(!stats.isRetained(e.id()), h.get("discarded").asBoolean());
            }
        }
        // the newest is the latest completed one, or the one the cancellation abandoned
        CheckpointStats.Entry newest = stats.history().get(0);
        assertTrue(newest.id() >= latest.id());
        assertEquals(
                stats.latestFailed() == null,
                j.get("latest").get("failed").isNull(),
                "latest.failed is there when a checkpoint failed");
    }

    @Test
    void aRestartFromACheckpointIsCountedAndShownAsRestored() throws Exception {
        Path marker = dir.resolve("failed");
        JobId job = cluster.submit(LocalRestCluster.keyedSum("flaky", dir.resolve("checkpoints"), marker));
        CheckpointStats stats = cluster.awaitCheckpoints(job, s -> s.restoreCount() == 1);

        JsonNode j = get("/jobs/" + job + "/checkpoints", 200);

        assertTrue(Files.exists(marker), "the job failed once");
        assertEquals(1, j.get("counts").get("restored").asLong());
        JsonNode restored = j.get("latest").get("restored");
        assertEquals(List.of("id", "restore_timestamp", "is_savepoint", "external_path"), names(restored));
        assertEquals(stats.restored().id(), restored.get("id").asLong());
        assertEquals(stats.restoreTimestamp(), restored.get("restore_timestamp").asLong());
        assertFalse(restored.get("is_savepoint").asBoolean());
        assertEquals(
                stats.restored().externalPath(), restored.get("external_path").asText());
        assertNotNull(stats.restored().externalPath());
    }

    @Test
    void theCheckpointsOfAFinishedJobAreDiscarded() throws Exception {
        JobId job = cluster.submit(LocalRestCluster.keyedSum("bounded", dir.resolve("checkpoints"), null, 1_000));
        assertEquals(
                JobStatus.FINISHED, cluster.dispatcher().jobTermination(job).get());
        CheckpointStats stats = cluster.dispatcher().requestCheckpointStats(job).get();

        JsonNode j = get("/jobs/" + job + "/checkpoints", 200);

        assertTrue(stats.completed() >= 1, "at least the final checkpoint: " + stats);
        assertEquals(stats.completed(), j.get("counts").get("completed").asLong());
        assertEquals(
                stats.latestCompleted().id(),
                j.get("latest").get("completed").get("id").asLong());
        assertTrue(j.get("latest").get("completed").get("discarded").asBoolean(), "deleted when the job finished");
        j.get("history")
                .forEach(h ->
                        assertTrue(!h.has("discarded") || h.get("discarded").asBoolean(), h.toString()));
    }

    @Test
    void theCheckpointingSettingsOfAJob() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        JobId job = cluster.submit(LocalRestCluster.keyedSum("configured", checkpoints));
        cluster.awaitCheckpoints(job, s -> s.triggered() >= 1); // started: its directory is resolved

        JsonNode c = get("/jobs/" + job + "/checkpoints/config", 200);

        assertEquals(
                List.of(
                        "mode",
                        "interval",
                        "timeout",
                        "min_pause",
                        "max_concurrent",
                        "externalization",
                        "state_backend",
                        "checkpoint_storage",
                        "unaligned_checkpoints",
                        "tolerable_failed_checkpoints",
                        "checkpoints_after_tasks_finish",
                        "checkpoint_directory",
                        "num_retained"),
                names(c));
        assertEquals("exactly_once", c.get("mode").asText());
        assertEquals(100, c.get("interval").asLong());
        assertEquals(600_000, c.get("timeout").asLong());
        assertEquals(0, c.get("min_pause").asLong());
        assertEquals(1, c.get("max_concurrent").asInt());
        assertTrue(c.get("externalization").get("enabled").asBoolean());
        assertFalse(c.get("externalization").get("delete_on_cancellation").asBoolean());
        assertEquals("hashmap", c.get("state_backend").asText());
        assertEquals("filesystem", c.get("checkpoint_storage").asText());
        assertFalse(c.get("unaligned_checkpoints").asBoolean());
        assertEquals(0, c.get("tolerable_failed_checkpoints").asInt());
        assertTrue(c.get("checkpoints_after_tasks_finish").asBoolean());
        assertEquals(
                "file:" + checkpoints.toAbsolutePath() + "/" + job,
                c.get("checkpoint_directory").asText());
        assertEquals(1, c.get("num_retained").asInt());
    }

    @Test
    void aJobWithoutCheckpointsIs404AsInFlink() throws Exception {
        JobId job = cluster.submit(LocalRestCluster.keyedSum("unchecked", null));

        assertEquals(List.of(CheckpointMessages.NOT_ENABLED), errors(get("/jobs/" + job + "/checkpoints", 404)));
        assertEquals(
                List.of(CheckpointMessages.CONFIG_NOT_ENABLED),
                errors(get("/jobs/" + job + "/checkpoints/config", 404)));
    }

    @Test
    void anUnknownJobIs404AsOnEveryJobRoute() throws Exception {
        JobId unknown = JobId.generate();

        JsonNode details = get("/jobs/" + unknown, 404);

        assertEquals(details, get("/jobs/" + unknown + "/checkpoints", 404));
        assertEquals(details, get("/jobs/" + unknown + "/checkpoints/config", 404));
        assertTrue(errors(details).get(0).contains(unknown.toString()), details.toString());
    }

    private JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(cluster.restAddress().resolve(path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static List<String> errors(JsonNode error) {
        List<String> list = new ArrayList<>();
        error.get("errors").forEach(e -> list.add(e.asText()));
        return list;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
