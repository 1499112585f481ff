package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import dev.spindle.jobmanager.ClusterOverview;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.jobmanager.JobResultInfo;
import dev.spindle.jobmanager.TaskManagerDetails;
import dev.spindle.jobmanager.TestingJarRunner.Run;
import dev.spindle.rest.RestMessages.JobExecutionResultResponse;
import dev.spindle.rest.client.RestClient;
import dev.spindle.rest.client.RestClientException;
import dev.spindle.security.ClusterSecret;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestClientTest extends RestTestSupport {
    private RestClient client;
    private final JobId job = JobId.generate();

    @BeforeEach
    void startServer() throws Exception {
        start();
        client = new RestClient(URI.create("http://127.0.0.1:" + address.getPort() + "/"), secret, timeout());
        gateway.jobs.put(
                job,
                new JobDetails(
                        job,
                        "wordcount",
                        JobStatus.RUNNING,
                        5,
                        -1,
                        7,
                        List.of(new JobDetails.VertexDetails(1, "Source", 1, 128, Map.of("RUNNING", 1)))));
    }

    @Test
    void readsTheCluster() throws Exception {
        gateway.overview = new ClusterOverview(1, 4, 3, 1, 0, 0, 0);
        gateway.taskManagers = List.of(new TaskManagerDetails("tm", "h:1", 2, 4, 3, 9));
        assertEquals(4, client.overview().slotsTotal());
        assertEquals(
                List.of(job.toString()),
                client.listJobs().stream().map(RestMessages.JobOverview::jid).toList());
        assertEquals("wordcount", client.jobDetails(job).name());
        assertEquals(1, client.jobDetails(job).vertices().get(0).tasks().get("RUNNING"));
        assertEquals("tm", client.taskManagers().get(0).id());
    }

    @Test
    void readsRestartsAndTheRestartingState() throws Exception {
        gateway.jobs.put(job, new JobDetails(job, "flaky", JobStatus.RESTARTING, 5, -1, 7, List.of(), null, 2));

        RestMessages.JobOverview listed = client.listJobs().get(0);
        assertEquals("RESTARTING", listed.state());
        assertEquals(2, listed.restarts());
        assertEquals(2, client.jobDetails(job).restarts());
        assertEquals(
                JobStatus.RESTARTING, JobStatus.valueOf(client.jobDetails(job).state()), "a state this client knows");
        assertFalse(JobStatus.RESTARTING.isTerminal());
    }

    /** An older cluster's answer has no restart count: it reads as 0. */
    @Test
    void aJobOverviewWithoutRestartsReadsAsNone() throws Exception {
        RestMessages.JobOverview old = Json.CLIENT.readValue(
                "{\"jid\":\"" + job + "\",\"name\":\"n\",\"state\":\"RUNNING\",\"start-time\":1,"
                        + "\"end-time\":-1,\"duration\":2,\"tasks\":{\"total\":1}}",
                RestMessages.JobOverview.class);

        assertEquals(
                new RestMessages.JobOverview(job.toString(), "n", "RUNNING", 1, -1, 2, Map.of("total", 1), 0), old);
    }

    @Test
    void cancelsAndReadsResults() throws Exception {
        client.cancel(job);
        assertEquals(List.of(job), gateway.cancelled);
        gateway.results.put(job, new JobResultInfo(job, JobStatus.RUNNING, 0, Map.of(), null));
        assertFalse(client.executionResult(job).completed());
        gateway.results.put(job, new JobResultInfo(job, JobStatus.FINISHED, 7, Map.of("n", 3L), null));
        JobExecutionResultResponse done = client.executionResult(job);
        assertTrue(done.completed());
        assertEquals("SUCCEEDED", done.result().applicationStatus());
        assertEquals(3L, done.result().accumulatorResults().get("n"));
        assertNull(done.result().failureCause());
    }

    @Test
    void submitsJobGraphsAndRunsJars() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromSequence(1, 10).print();
        JobGraph graph = env.getJobGraph("x");
        assertEquals(graph.jobId(), client.submitJobGraph(JobGraphCodec.toBytes(graph), List.of(jar("udf.jar"))));
        assertEquals(graph.jobId(), gateway.submitted.get(0).jobGraph().jobId());
        assertEquals(
                Files.size(dir.resolve("udf.jar")),
                Files.size(gateway.submitted.get(0).userJars().get(0)));

        String jarId = client.uploadJar(jar("prog.jar"));
        assertEquals(jarRunner.jobIds.get(0), client.runJar(jarId, "a.Main", List.of("--x", "1"), 4));
        assertEquals(new Run(uploadDir().resolve(jarId), "a.Main", List.of("--x", "1"), 4), jarRunner.runs.get(0));
        client.runJar(jarId, null, List.of(), null);
        assertEquals(new Run(uploadDir().resolve(jarId), null, List.of(), null), jarRunner.runs.get(1));
    }

    @Test
    void errorsCarryStatusAndServerText() throws Exception {
        JobId unknown = JobId.generate();
        RestClientException e = assertThrows(RestClientException.class, () -> client.jobDetails(unknown));
        assertEquals(404, e.statusCode());
        assertTrue(e.serverMessage().contains(unknown.toString()), e.serverMessage());

        RestClient readOnly = new RestClient(URI.create("http://127.0.0.1:" + address.getPort()), null, timeout());
        assertEquals(1, readOnly.listJobs().size());
        assertEquals(
                401,
                assertThrows(RestClientException.class, () -> readOnly.cancel(job))
                        .statusCode());
        RestClient wrong = new RestClient(
                URI.create("http://127.0.0.1:" + address.getPort()), ClusterSecret.generate(), timeout());
        assertEquals(
                401,
                assertThrows(RestClientException.class, () -> wrong.uploadJar(jar("w.jar")))
                        .statusCode());
        assertTrue(gateway.cancelled.isEmpty());
    }
}
