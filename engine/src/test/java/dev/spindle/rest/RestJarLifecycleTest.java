package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.config.RestOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.runtime.local.LocalTaskDeployer;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How long uploaded jars stay in {@code uploads/}: a jar that came with a job graph
 * ({@code POST /jobs}) until its job ends; a jar uploaded for runs until {@code DELETE /jars/{id}},
 * and then until the last job run from it has ended.
 */
class RestJarLifecycleTest extends RestTestSupport {

    /** A real dispatcher running tasks in this JVM behind the REST endpoint. */
    private RestServer realServer(Dispatcher dispatcher) throws Exception {
        Configuration config = new Configuration();
        config.set(RestOptions.PORT, 0);
        server = new RestServer(dispatcher, jarRunner, uploadDir(), secret, config);
        address = server.start();
        return server;
    }

    private Reply submit(JobGraph graph, Path jar) throws Exception {
        Form form = new Form()
                .file("jobgraph", "graph.bin", JobGraphCodec.toBytes(graph))
                .file("jar", "udf.jar", Files.readAllBytes(jar));
        return send("POST", "/jobs", token(), form.contentType(), form.finish());
    }

    @Test
    void aJarSubmittedWithItsJobGraphIsDeletedWhenTheJobEnds() throws Exception {
        Dispatcher dispatcher = new Dispatcher(
                new Configuration(), new LocalTaskDeployer(), RestJarLifecycleTest.class.getClassLoader(), List::of);
        realServer(dispatcher);
        Path jar = jar("udf.jar");

        StreamExecutionEnvironment finite = StreamExecutionEnvironment.createLocalEnvironment(2);
        finite.fromSequence(1, 1000).keyBy(i -> i % 3).sum(0).addSink(v -> {});
        JobGraph finished = finite.getJobGraph("finite");
        assertEquals(202, submit(finished, jar).status());
        assertEquals(
                JobStatus.FINISHED, dispatcher.jobTermination(finished.jobId()).get());
        awaitNoJars();

        StreamExecutionEnvironment endless = StreamExecutionEnvironment.createLocalEnvironment(1);
        endless.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 10_000).addSink(v -> {});
        JobGraph cancelled = endless.getJobGraph("endless");
        assertEquals(202, submit(cancelled, jar).status());
        assertEquals(1, jarCount(), "the running job's jar is there");
        assertEquals(
                202,
                send("PATCH", "/jobs/" + cancelled.jobId() + "?mode=cancel", token(), null, new byte[0])
                        .status());
        assertEquals(
                JobStatus.CANCELED, dispatcher.jobTermination(cancelled.jobId()).get());
        awaitNoJars();

        // A job the dispatcher refuses (its id is taken) leaves no jar either.
        Reply duplicate = submit(finished, jar);
        assertEquals(409, duplicate.status(), duplicate.json().toString());
        assertEquals("job " + finished.jobId() + " was already submitted", duplicate.error());
        assertEquals(0, jarCount());
    }

    @Test
    void anUploadedJarStaysForRunsUntilDeletedAndThenUntilItsJobsHaveEnded() throws Exception {
        start();
        Form form = new Form().file("jarfile", "prog.jar", Files.readAllBytes(jar("prog.jar")));
        String id = send("POST", "/jars/upload", token(), form.contentType(), form.finish())
                .json()
                .get("filename")
                .asText();
        Path stored = uploadDir().resolve(id);
        JobId first = JobId.generate();
        JobId second = JobId.generate();
        jarRunner.jobIds = List.of(first);
        assertEquals(
                200,
                send("POST", "/jars/" + id + "/run", token(), null, new byte[0]).status());
        jarRunner.jobIds = List.of(second);
        assertEquals(
                200,
                send("POST", "/jars/" + id + "/run", token(), null, new byte[0]).status());
        gateway.terminations.get(first).complete(JobStatus.FINISHED);
        assertTrue(Files.isRegularFile(stored), "a jar uploaded for runs outlives its jobs");

        assertEquals(401, send("DELETE", "/jars/" + id, null, null, new byte[0]).status());
        Reply deleted = send("DELETE", "/jars/" + id, token(), null, new byte[0]);
        assertEquals(200, deleted.status(), deleted.json().toString());
        assertEquals(
                404,
                send("POST", "/jars/" + id + "/run", token(), null, new byte[0]).status());
        assertEquals(
                404, send("DELETE", "/jars/" + id, token(), null, new byte[0]).status());
        assertTrue(Files.isRegularFile(stored), "the second job still runs from it");
        gateway.terminations.get(second).complete(JobStatus.CANCELED);
        assertFalse(Files.exists(stored), "deleted once its last job ended");
        assertEquals(2, jarRunner.runs.size());
    }

    /** The jar goes on the thread that completes the job's result, right after the status is terminal. */
    private void awaitNoJars() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (jarCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, jarCount(), "jars left in uploads/");
    }

    private long jarCount() throws Exception {
        if (!Files.isDirectory(uploadDir())) {
            return 0;
        }
        try (Stream<Path> files = Files.list(uploadDir())) {
            return files.count();
        }
    }
}
