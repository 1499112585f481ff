package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.config.RestOptions;
import dev.spindle.core.JobId;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import dev.spindle.jobmanager.JarRunRefusedException;
import dev.spindle.jobmanager.TestingDispatcherGateway.Submission;
import dev.spindle.jobmanager.TestingJarRunner.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jar upload and run, job graph submission, and the token that all of them need. */
class RestSubmissionTest extends RestTestSupport {

    @BeforeEach
    void startServer() throws Exception {
        start();
    }

    private String upload(String token) throws Exception {
        Form form = new Form().file("jarfile", "my job.jar", Files.readAllBytes(jar("job.jar")));
        Reply r = send("POST", "/jars/upload", token, form.contentType(), form.finish());
        assertEquals(200, r.status(), r.json().toString());
        return r.json().get("filename").asText();
    }

    @Test
    void uploadStoresTheJarUnderARandomId() throws Exception {
        String id = upload(token());
        assertTrue(id.endsWith("_my_job.jar"), id);
        Path stored = uploadDir().resolve(id);
        assertTrue(Files.isRegularFile(stored));
        assertEquals(Files.size(dir.resolve("job.jar")), Files.size(stored));
        assertTrue(!id.equals(upload(token())), "each upload gets its own id");
    }

    @Test
    void uploadResponseShape() throws Exception {
        Form form = new Form().file("jarfile", "a.jar", Files.readAllBytes(jar("a.jar")));
        Reply r = send("POST", "/jars/upload", token(), form.contentType(), form.finish());
        assertEquals("success", r.json().get("status").asText());
        assertEquals(2, r.json().size());
    }

    @Test
    void uploadThenRunPassesTheArguments() throws Exception {
        String id = upload(token());
        byte[] body = "{\"entryClass\":\"com.example.Main\",\"programArgsList\":[\"--in\",\"a b\"],\"parallelism\":3}"
                .getBytes(StandardCharsets.UTF_8);
        Reply r = send("POST", "/jars/" + id + "/run", token(), "application/json", body);
        assertEquals(200, r.status(), r.json().toString());
        assertEquals(jarRunner.jobIds.get(0).toString(), r.json().get("jobid").asText());
        assertEquals(
                List.of(new Run(uploadDir().resolve(id), "com.example.Main", List.of("--in", "a b"), 3)),
                jarRunner.runs);
    }

    @Test
    void runTakesQueryParametersAndAnEmptyBody() throws Exception {
        String id = upload(token());
        Reply r = send(
                "POST",
                "/jars/" + id + "/run?entry-class=a.B&programArg=x,y&parallelism=2",
                token(),
                null,
                new byte[0]);
        assertEquals(200, r.status(), r.json().toString());
        assertEquals(new Run(uploadDir().resolve(id), "a.B", List.of("x", "y"), 2), jarRunner.runs.get(0));

        send("POST", "/jars/" + id + "/run", token(), null, new byte[0]);
        assertEquals(new Run(uploadDir().resolve(id), null, List.of(), null), jarRunner.runs.get(1));
    }

    @Test
    void runOfAProgramWithoutJobsOrOfAnUnknownJarFails() throws Exception {
        String id = upload(token());
        jarRunner.jobIds = List.of();
        Reply none = send("POST", "/jars/" + id + "/run", token(), null, new byte[0]);
        assertEquals(400, none.status());
        assertTrue(none.error().contains("no job"), none.error());
        String unknown = "00000000-0000-0000-0000-000000000000_x.jar";
        assertEquals(
                404,
                send("POST", "/jars/" + unknown + "/run", token(), null, new byte[0])
                        .status());
        assertEquals(
                400,
                send("POST", "/jars/not-an-id.jar/run", token(), null, new byte[0])
                        .status());
        assertEquals(
                400,
                send("POST", "/jars/..%5C..%5Cetc/run", token(), null, new byte[0])
                        .status());
        int traversal = send("POST", "/jars/..%2F..%2Fetc%2Fpasswd/run", token(), null, new byte[0])
                .status();
        assertTrue(traversal == 400 || traversal == 404, "status " + traversal);
        assertEquals(List.of(), jarRunner.runs.subList(1, jarRunner.runs.size()));
    }

    @Test
    void aJarRunMayTakeLongerThanTheRequestTimeoutUpToTheJarRunTimeout() throws Exception {
        stopServer();
        Configuration config = new Configuration();
        config.set(RestOptions.REQUEST_TIMEOUT, Duration.ofMillis(200));
        config.set(JobManagerOptions.JAR_RUN_TIMEOUT, Duration.ofSeconds(20));
        start(config);
        String id = upload(token());
        CompletableFuture<List<JobId>> answer = new CompletableFuture<>();
        jarRunner.answer = answer;
        // The program submits its first job after a second: five request timeouts.
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> answer.complete(jarRunner.jobIds));
        Reply r = send("POST", "/jars/" + id + "/run", token(), null, new byte[0]);
        assertEquals(200, r.status(), r.json().toString());
        assertEquals(jarRunner.jobIds.get(0).toString(), r.json().get("jobid").asText());
    }

    @Test
    void aRefusedJarRunIs429() throws Exception {
        String id = upload(token());
        jarRunner.answer = CompletableFuture.failedFuture(new JarRunRefusedException("8 jar runs are in their main()"));
        Reply r = send("POST", "/jars/" + id + "/run", token(), null, new byte[0]);
        assertEquals(429, r.status(), r.json().toString());
        assertEquals("8 jar runs are in their main()", r.error());
    }

    @Test
    void malformedRunBodiesAre400() throws Exception {
        String id = upload(token());
        for (String body : List.of(
                "{",
                "[1,2]",
                "{\"parallelism\":\"many\"}",
                "{\"parallelism\":0}",
                "{\"programArgsList\":\"not a list\"}",
                "{\"parallelism\":\"3\"}",
                "{\"entryClass\":5}",
                "{\"parallelism\":2.5}",
                "{\"unknownField\":1}",
                "{} {}")) {
            Reply r = send(
                    "POST", "/jars/" + id + "/run", token(), "application/json", body.getBytes(StandardCharsets.UTF_8));
            assertEquals(400, r.status(), body);
            assertTrue(!r.error().isEmpty(), body);
        }
        assertEquals(
                400,
                send("POST", "/jars/" + id + "/run?parallelism=x", token(), null, new byte[0])
                        .status());
        assertEquals(List.of(), jarRunner.runs);
    }

    @Test
    void nonJarUploadsAre400() throws Exception {
        Form text = new Form().file("jarfile", "notes.jar", "just text".getBytes(StandardCharsets.UTF_8));
        Reply r = send("POST", "/jars/upload", token(), text.contentType(), text.finish());
        assertEquals(400, r.status());
        assertTrue(r.error().contains("not a jar"), r.error());
        Form wrongField = new Form().file("file", "a.jar", new byte[] {'P', 'K', 3, 4});
        assertEquals(
                400,
                send("POST", "/jars/upload", token(), wrongField.contentType(), wrongField.finish())
                        .status());
        assertEquals(
                400,
                send("POST", "/jars/upload", token(), "application/json", "{}".getBytes(StandardCharsets.UTF_8))
                        .status());
        assertEquals(
                400,
                send(
                                "POST",
                                "/jars/upload",
                                token(),
                                "multipart/form-data; boundary=zzz",
                                "garbage".getBytes(StandardCharsets.UTF_8))
                        .status());
        assertTrue(!Files.exists(uploadDir()) || fileCount(uploadDir()) == 0);
    }

    @Test
    void submitJobGraphReachesTheGatewayWithItsJobId() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromSequence(1, 10).print();
        JobGraph graph = env.getJobGraph("x");
        Form form = new Form()
                .file("jobgraph", "graph.bin", JobGraphCodec.toBytes(graph))
                .file("jar", "udf.jar", Files.readAllBytes(jar("udf.jar")));
        Reply r = send("POST", "/jobs", token(), form.contentType(), form.finish());
        assertEquals(202, r.status(), r.json().toString());
        assertEquals("/jobs/" + graph.jobId(), r.json().get("jobUrl").asText());
        Submission s = gateway.submitted.get(0);
        assertEquals(graph.jobId(), s.jobGraph().jobId());
        assertEquals("x", s.jobGraph().name());
        assertEquals(1, s.userJars().size());
        assertTrue(Files.isRegularFile(s.userJars().get(0)));
        assertTrue(s.userJars().get(0).startsWith(uploadDir()));
    }

    @Test
    void nonJobGraphSubmissionIs400() {
        Form form = new Form().file("jobgraph", "graph.bin", "definitely not a graph".getBytes(StandardCharsets.UTF_8));
        Reply r = send("POST", "/jobs", token(), form.contentType(), form.finish());
        assertEquals(400, r.status());
        assertTrue(r.error().contains("not a job graph"), r.error());
        Form none = new Form().file("jar", "a.jar", new byte[] {'P', 'K', 5, 6});
        assertEquals(
                400,
                send("POST", "/jobs", token(), none.contentType(), none.finish())
                        .status());
        assertEquals(List.of(), gateway.calls);
    }

    @Test
    void everyMutatingEndpointNeedsTheToken() throws Exception {
        String jarId = upload(token());
        long jarsBefore = fileCount(uploadDir());
        JobId job = JobId.generate();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromSequence(1, 10).print();
        Form graph = new Form().file("jobgraph", "g", JobGraphCodec.toBytes(env.getJobGraph("x")));
        byte[] graphBody = graph.finish();
        Form jar = new Form().file("jarfile", "b.jar", Files.readAllBytes(jar("b.jar")));
        byte[] jarBody = jar.finish();
        String wrong = dev.spindle.security.RestTokens.restToken(dev.spindle.security.ClusterSecret.generate());
        for (String token : new String[] {null, wrong, "", token().substring(1)}) {
            Reply[] replies = {
                send("POST", "/jobs", token, graph.contentType(), graphBody),
                send("POST", "/jars/upload", token, jar.contentType(), jarBody),
                send(
                        "POST",
                        "/jars/" + jarId + "/run",
                        token,
                        "application/json",
                        "{}".getBytes(StandardCharsets.UTF_8)),
                send("PATCH", "/jobs/" + job + "?mode=cancel", token, null, new byte[0]),
            };
            for (Reply r : replies) {
                assertEquals(401, r.status(), "token " + token);
                assertTrue(r.error().contains("token"), r.error());
                assertTrue(!r.toString().contains(token()), "the token is not echoed");
            }
        }
        assertEquals(List.of(), gateway.calls, "the gateway was never called");
        assertEquals(List.of(), jarRunner.runs);
        assertEquals(jarsBefore, fileCount(uploadDir()), "no upload was stored");
        // the connection is still usable, and a good token still works
        assertEquals(
                202,
                send("POST", "/jobs", token(), graph.contentType(), graphBody).status());
    }

    private static long fileCount(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
