package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's job views of a real job run to its end by a {@link dev.spindle.jobmanager.Dispatcher}:
 * every vertex FINISHED with the records its tasks counted (final), the plan's keyed edge HASH, the
 * program's configuration.
 */
class JobViewsOfARealJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LocalRestCluster cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(cluster.restAddress().resolve(path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        return JSON.readTree(r.body());
    }

    @Test
    void aFinishedJobShowsTheRecordsOfEveryVertexAndItsPlan() throws Exception {
        cluster = new LocalRestCluster(dir);
        JobId job = cluster.submit(LocalRestCluster.keyedSum("bounded", null, null, 1_000));
        assertEquals(
                JobStatus.FINISHED, cluster.dispatcher().jobTermination(job).get());

        JsonNode details = get("/jobs/" + job);
        JsonNode vertices = details.get("vertices");
        assertEquals(2, vertices.size(), details::toString);
        JsonNode source = vertices.get(0);
        JsonNode sum = vertices.get(1);
        for (JsonNode v : vertices) {
            assertEquals("FINISHED", v.get("status").asText());
            assertEquals(2, v.get("parallelism").asInt());
            assertTrue(v.get("metrics").get("read-records-complete").asBoolean());
            assertTrue(v.get("metrics").get("write-records-complete").asBoolean());
        }
        assertEquals(1_000, source.get("metrics").get("write-records").asLong());
        assertEquals(1_000, sum.get("metrics").get("read-records").asLong());
        // As in Flink, records out are those sent to a next vertex: the sum's sink is chained to it.
        assertEquals(0, sum.get("metrics").get("write-records").asLong());

        JsonNode plan = get("/jobs/" + job + "/plan").get("plan");
        assertEquals("STREAMING", plan.get("type").asText());
        assertEquals(
                source.get("id"), plan.get("nodes").get(1).get("inputs").get(0).get("id"));
        assertEquals(
                "HASH",
                plan.get("nodes")
                        .get(1)
                        .get("inputs")
                        .get(0)
                        .get("ship_strategy")
                        .asText());
        assertEquals(details.get("plan"), plan);

        JsonNode userConfig =
                get("/jobs/" + job + "/config").get("execution-config").get("user-config");
        assertEquals("fixed-delay", userConfig.get("restart-strategy.type").asText(), userConfig::toString);
    }
}
