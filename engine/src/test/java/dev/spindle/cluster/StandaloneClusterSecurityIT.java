package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.cluster.gateway.JobManagerGateway;
import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.core.JobId;
import dev.spindle.core.execution.JobClient;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import dev.spindle.rest.RestMessages.TaskManagerInfo;
import dev.spindle.rest.client.RestClient;
import dev.spindle.rest.client.RestClientException;
import dev.spindle.rpc.AuthenticationException;
import dev.spindle.rpc.RpcClient;
import dev.spindle.security.ChallengeResponse;
import dev.spindle.security.ClusterSecret;
import dev.spindle.security.RestTokens;
import dev.spindle.types.Types;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone cluster of real processes against strangers: clients without the secret or with
 * a wrong one, and garbage on every port (RPC of the JobManager and of the TaskManagers, the
 * TaskManagers' data ports, REST). Nothing gets in, nothing crashes or hangs, every refused
 * connection is closed by the server, and the cluster runs jobs afterwards.
 */
class StandaloneClusterSecurityIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The RPC and data servers' handshake timeout: a peer that stays silent is dropped after it. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** A server that refuses what it read closes at once; this is the slack for a loaded machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(3);

    private static final int RPC_MAGIC = 0x53504E44;
    private static final short RPC_VERSION = 1;
    /** The data protocol's version: 2 since partition requests name the job attempt. */
    private static final short DATA_VERSION = 2;

    private static final byte RPC_AUTH = 2;
    /** The data plane opens with the same handshake as RPC, under a magic of its own. */
    private static final int DATA_MAGIC = 0x53504450;

    @TempDir
    static Path dir;

    static StandaloneClusterProcess cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster =
                StandaloneClusterProcess.start(dir.resolve("cluster"), Map.of("slotmanager.number-of-slots.min", "2"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<TaskManagerInfo> taskManagers;

    @BeforeEach
    void twoIdleTaskManagers() throws Exception {
        taskManagers = cluster.awaitIdleTaskManagers(2, TIMEOUT);
    }

    @Test
    void clientsWithoutTheSecretAreRefusedAndChangeNothing() throws Exception {
        JobClient running = endlessJob(cluster.environment(2)).executeAsync("endless; strangers try to cancel it");
        JobId runningId = running.getJobId();
        cluster.awaitAllTasksRunning(runningId, TIMEOUT);
        StreamExecutionEnvironment local = StreamExecutionEnvironment.createLocalEnvironment(1);
        local.fromSequence(1, 10).addSink(v -> {});
        JobGraph another = local.getJobGraph("a stranger's job");
        byte[] anotherBytes = JobGraphCodec.toBytes(another);
        int jobsBefore = cluster.rest().listJobs().size();

        Map<String, RestClient> strangers = Map.of(
                "no secret", cluster.restWithoutSecret(),
                "a wrong secret", cluster.restWith(ClusterSecret.generate()));
        for (var stranger : strangers.entrySet()) {
            RestClientException submit = assertThrows(
                    RestClientException.class,
                    () -> stranger.getValue().submitJobGraph(anotherBytes, List.of()),
                    stranger.getKey());
            assertEquals(401, submit.statusCode(), stranger.getKey() + ": " + submit.getMessage());
            RestClientException cancel = assertThrows(
                    RestClientException.class, () -> stranger.getValue().cancel(runningId), stranger.getKey());
            assertEquals(401, cancel.statusCode(), stranger.getKey() + ": " + cancel.getMessage());
            // Reading needs no token (loopback only): the stranger sees the job still running.
            assertEquals("RUNNING", stranger.getValue().jobDetails(runningId).state());
        }
        // Nothing was submitted and nothing cancelled.
        assertEquals(
                404,
                assertThrows(RestClientException.class, () -> cluster.rest().jobDetails(another.jobId()))
                        .statusCode());
        assertEquals(jobsBefore, cluster.rest().listJobs().size());
        Thread.sleep(200);
        assertEquals("RUNNING", cluster.job(runningId).state());

        // RPC: a client with a wrong secret cannot talk to the JobManager nor to a TaskManager, and
        // each of them logs the refusal.
        List<String> processes =
                new ArrayList<>(List.of(cluster.directory().getFileName().toString()));
        taskManagers.forEach(tm -> processes.add(tm.id()));
        Map<String, Long> before = refusalsByProcess();
        try (RpcClient stranger = new RpcClient(ClusterSecret.generate())) {
            assertRefused(stranger.connect(cluster.rpcAddress(), JobManagerGateway.ENDPOINT, JobManagerGateway.class));
            for (TaskManagerInfo tm : taskManagers) {
                assertRefused(stranger.connect(
                        StandaloneClusterProcess.rpcAddressOf(tm),
                        TaskExecutorGateway.ENDPOINT,
                        TaskExecutorGateway.class));
            }
        }
        cluster.awaitCondition(
                "a refusal logged by each process",
                Duration.ofSeconds(5),
                () -> {
                    Map<String, Long> now = refusalsByProcess();
                    return processes.stream().allMatch(p -> now.getOrDefault(p, 0L) > before.getOrDefault(p, 0L));
                },
                () -> "before: " + before);

        // Everything still serves: the TaskManagers kept heartbeating, the job kept running, the owner cancels it.
        assertClusterServes();
        assertEquals("RUNNING", cluster.job(runningId).state());
        cluster.rest().cancel(runningId);
        assertEquals(
                "CANCELED", cluster.awaitResult(runningId, TIMEOUT).result().applicationStatus());
    }

    @Test
    void garbageOnTheRpcAndDataPortsIsRefusedAndClosed() throws Exception {
        InetSocketAddress jmRpc = cluster.rpcAddress();
        List<Probe> probes = new ArrayList<>();
        probes.addAll(rpcProbes("JobManager RPC", jmRpc));
        for (TaskManagerInfo tm : taskManagers) {
            probes.addAll(rpcProbes(tm.id() + " RPC", StandaloneClusterProcess.rpcAddressOf(tm)));
            probes.addAll(dataProbes(tm.id() + " data", StandaloneClusterProcess.dataAddressOf(tm)));
        }
        // All at once: the slow ones (silence until the handshake timeout) overlap.
        ExecutorService pool = Executors.newFixedThreadPool(probes.size());
        try {
            List<Future<String>> results = new ArrayList<>();
            for (Probe p : probes) {
                results.add(pool.submit(() -> p.run()));
            }
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < probes.size(); i++) {
                try {
                    System.out.println(results.get(i).get(60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    failures.add(probes.get(i).name + ": " + e.getCause());
                }
            }
            assertTrue(failures.isEmpty(), String.join("\n", failures) + "\n" + cluster.logs());
        } finally {
            pool.shutdownNow();
        }
        assertClusterServes();
        cluster.assertSmallJobRuns(dir.resolve("after-garbage"));
    }

    @Test
    void malformedRestRequestsAreAnsweredWithErrorsAndBreakNothing() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String token = "Bearer " + RestTokens.restToken(cluster.secret());
        String unknown = JobId.generate().toString();
        Multipart garbageGraph = new Multipart().part("jobgraph", "jobgraph.bin", randomBytes(2000, 1));
        Multipart noGraph = new Multipart().part("jar", "x.jar", randomBytes(100, 2));
        String jarId = cluster.rest().uploadJar(jar(dir.resolve("tiny.jar")));
        record Call(String method, String path, String contentType, byte[] body, int... statuses) {}
        List<Call> calls = List.of(
                new Call("POST", "/jobs", "application/json", bytes("{\"jobgraph\": "), 400),
                new Call("POST", "/jobs", "multipart/form-data", randomBytes(500, 3), 400),
                new Call("POST", "/jobs", "multipart/form-data; boundary=xyz", randomBytes(500, 4), 400),
                new Call("POST", "/jobs", garbageGraph.contentType(), garbageGraph.finish(), 400),
                new Call("POST", "/jobs", noGraph.contentType(), noGraph.finish(), 400),
                new Call("POST", "/jars/upload", noGraph.contentType(), noGraph.finish(), 400),
                new Call("POST", "/jars/" + jarId + "/run", "application/json", bytes("{\"parallelism\": "), 400),
                new Call("POST", "/jars/" + jarId + "/run", "application/json", bytes("[1, 2]"), 400),
                new Call("POST", "/jars/" + jarId + "/run", "application/json", bytes("{\"parallelism\": -3}"), 400),
                new Call("POST", "/jars/../../etc/passwd/run", "application/json", bytes("{}"), 400, 404),
                new Call("GET", "/jobs/" + unknown, null, null, 404),
                new Call("GET", "/jobs/" + unknown + "/execution-result", null, null, 404),
                new Call("PATCH", "/jobs/" + unknown + "?mode=cancel", null, null, 404),
                new Call("GET", "/jobs/not-a-job-id", null, null, 400),
                new Call("GET", "/jobs/" + unknown + "0", null, null, 400),
                new Call("GET", "/jobs/g" + unknown.substring(1), null, null, 400),
                new Call("PATCH", "/jobs/..%2F..%2Fetc", null, null, 400, 404),
                new Call("PATCH", "/jobs/" + unknown + "?mode=stop", null, null, 400),
                new Call("PATCH", "/jobs/" + unknown + "?mode=cancel&mode=cancel", null, null, 400),
                new Call("DELETE", "/jobs", null, null, 405),
                new Call("GET", "/no/such/path", null, null, 404));
        for (Call c : calls) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.restAddress() + c.path()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", token)
                    .method(
                            c.method(),
                            c.body() == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(c.body()));
            if (c.contentType() != null) {
                b.header("Content-Type", c.contentType());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String what = c.method() + " " + c.path() + " (" + c.contentType() + ")";
            assertTrue(
                    java.util.Arrays.stream(c.statuses()).anyMatch(s -> s == r.statusCode()),
                    what + " answered " + r.statusCode() + ": " + r.body());
            assertTrue(r.body().startsWith("{\"errors\":"), what + " answered " + r.body());
        }

        // On raw sockets: what an HTTP client library would not send. Each is answered with an
        // error, and the connection closed (exchange() fails if it is left open).
        InetSocketAddress rest = new InetSocketAddress(
                cluster.restAddress().getHost(), cluster.restAddress().getPort());
        Map<String, String> raw = new java.util.LinkedHashMap<>();
        raw.put("GET /overview HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n", "400");
        raw.put("GET /jobs/" + "0".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n", "400");
        raw.put("GET /overview HTTP/1.1\r\nHost: x\r\n" + "X-H: v\r\n".repeat(5000) + "\r\n", "400");
        raw.put("GET /overview HTTP/9.9\r\nHost: x\r\n\r\n", "505");
        raw.put("GET /jobs/%zz HTTP/1.1\r\nHost: x\r\n\r\n", "400");
        raw.put("GET /jobs/\0\0 HTTP/1.1\r\nHost: x\r\n\r\n", "400");
        raw.put("POST /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: " + token + "\r\nContent-Length: -5\r\n\r\n", "400");
        raw.put(
                "POST /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: " + token
                        + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 99999999999\r\n\r\nxx",
                "413");
        for (var r : raw.entrySet()) {
            String answer = exchange(rest, r.getKey().getBytes(StandardCharsets.ISO_8859_1));
            String what =
                    r.getKey().substring(0, Math.min(30, r.getKey().length())).replaceAll("\\s+", " ");
            System.out.println("REST " + what + "... answered: " + answer);
            assertTrue(answer.startsWith("HTTP/1.1 " + r.getValue() + " "), what + "... answered " + answer);
        }
        String garbage = exchange(rest, randomBytes(4096, 5));
        System.out.println("REST 4 KB of random bytes answered: " + garbage);
        assertTrue(garbage.isEmpty() || garbage.startsWith("HTTP/1.1 400 "), "garbage answered " + garbage);

        assertClusterServes();
        assertTrue(cluster.rest().listJobs().stream().noneMatch(j -> j.jid().equals(unknown)));
        cluster.assertSmallJobRuns(dir.resolve("after-bad-rest"));
    }

    // ---- probes on the RPC and data ports ----

    /** What to do on a fresh connection, and whether and how soon the server must close it. */
    private record Probe(String name, InetSocketAddress target, Action action, Duration closeWithin) {
        String run() throws Exception {
            try (Socket s = new Socket(target.getAddress(), target.getPort())) {
                s.setTcpNoDelay(true);
                long start = System.nanoTime();
                action.apply(s);
                if (closeWithin == null) {
                    return name + ": sent, closed by the client";
                }
                long closed = closedByServer(s, closeWithin.plus(PROMPTLY));
                long limit = closeWithin.plus(PROMPTLY).toMillis();
                if (TimeUnit.NANOSECONDS.toMillis(closed - start) > limit) {
                    throw new AssertionError(
                            "closed only after " + TimeUnit.NANOSECONDS.toMillis(closed - start) + " ms");
                }
                return name + ": closed by the server after " + TimeUnit.NANOSECONDS.toMillis(closed - start) + " ms";
            }
        }
    }

    @FunctionalInterface
    private interface Action {
        void apply(Socket s) throws Exception;
    }

    private static List<Probe> rpcProbes(String endpoint, InetSocketAddress at) {
        ClusterSecret secret = cluster.secret();
        return List.of(
                new Probe(
                        endpoint + " random bytes",
                        at,
                        s -> s.getOutputStream().write(randomBytes(4096, 11)),
                        Duration.ZERO),
                new Probe(
                        endpoint + " an HTTP request",
                        at,
                        s -> s.getOutputStream().write(httpRequest()),
                        Duration.ZERO),
                new Probe(
                        endpoint + " a huge length prefix",
                        at,
                        s -> out(s).writeInt(Integer.MAX_VALUE - 8),
                        Duration.ZERO),
                new Probe(
                        endpoint + " a 32 MB frame before authenticating",
                        at,
                        s -> {
                            out(s).writeInt(32 << 20);
                            writeQuietly(s, new byte[1 << 20]);
                        },
                        Duration.ZERO),
                new Probe(endpoint + " a negative length", at, s -> out(s).writeInt(-1), Duration.ZERO),
                new Probe(
                        endpoint + " half an AUTH frame, then silence",
                        at,
                        s -> halfAnAuthFrame(s, RPC_MAGIC),
                        HANDSHAKE_TIMEOUT),
                new Probe(
                        endpoint + " half an AUTH frame, then hang up",
                        at,
                        s -> {
                            out(s).writeInt(1 + 4 + 2 + 64);
                            out(s).writeByte(RPC_AUTH);
                        },
                        null),
                new Probe(
                        endpoint + " AUTH with a wrong proof",
                        at,
                        s -> {
                            byte[] serverNonce = readRpcHello(s);
                            writeAuth(s, ClusterSecret.generate(), serverNonce);
                        },
                        Duration.ZERO),
                new Probe(
                        endpoint + " authenticated, then a huge length prefix",
                        at,
                        s -> {
                            rpcHandshake(s, secret);
                            out(s).writeInt(Integer.MAX_VALUE - 8);
                        },
                        Duration.ZERO),
                new Probe(
                        endpoint + " authenticated, then a frame of unknown type",
                        at,
                        s -> {
                            rpcHandshake(s, secret);
                            out(s).writeInt(5);
                            out(s).write(new byte[] {99, 1, 2, 3, 4});
                        },
                        Duration.ZERO),
                new Probe(
                        endpoint + " authenticated, then random bytes",
                        at,
                        s -> {
                            rpcHandshake(s, secret);
                            byte[] junk = randomBytes(4096, 12);
                            junk[0] = 0; // a length prefix of at most 16 MB: the codec, not the framing, refuses it
                            junk[1] = 0;
                            junk[2] = 0;
                            junk[3] = 100;
                            writeQuietly(s, junk);
                        },
                        Duration.ZERO));
    }

    private static List<Probe> dataProbes(String endpoint, InetSocketAddress at) {
        ClusterSecret secret = cluster.secret();
        return List.of(
                new Probe(
                        endpoint + " random bytes",
                        at,
                        s -> s.getOutputStream().write(randomBytes(4096, 21)),
                        Duration.ZERO),
                new Probe(
                        endpoint + " an HTTP request",
                        at,
                        s -> s.getOutputStream().write(httpRequest()),
                        Duration.ZERO),
                new Probe(
                        endpoint + " a huge length prefix",
                        at,
                        s -> out(s).writeInt(Integer.MAX_VALUE - 8),
                        Duration.ZERO),
                new Probe(
                        endpoint + " half an AUTH frame, then silence",
                        at,
                        s -> halfAnAuthFrame(s, DATA_MAGIC),
                        HANDSHAKE_TIMEOUT),
                new Probe(
                        endpoint + " half an AUTH frame, then hang up",
                        at,
                        s -> {
                            out(s).writeInt(1 + 4 + 2 + 64);
                            out(s).writeByte(RPC_AUTH);
                        },
                        null),
                new Probe(
                        endpoint + " AUTH of the RPC protocol",
                        at,
                        s -> {
                            byte[] serverNonce = readHello(s, DATA_MAGIC);
                            writeAuth(s, secret, serverNonce, RPC_MAGIC);
                        },
                        Duration.ZERO),
                new Probe(
                        endpoint + " AUTH with a wrong proof",
                        at,
                        s -> {
                            byte[] serverNonce = readHello(s, DATA_MAGIC);
                            writeAuth(s, ClusterSecret.generate(), serverNonce, DATA_MAGIC);
                        },
                        Duration.ZERO),
                new Probe(
                        endpoint + " authenticated, then a huge length prefix",
                        at,
                        s -> {
                            dataHandshake(s, secret);
                            out(s).writeInt(Integer.MAX_VALUE - 8);
                        },
                        Duration.ZERO),
                new Probe(
                        endpoint + " authenticated, then a frame of unknown type",
                        at,
                        s -> {
                            dataHandshake(s, secret);
                            out(s).writeInt(5);
                            out(s).write(new byte[] {99, 1, 2, 3, 4});
                        },
                        Duration.ZERO),
                new Probe(
                        endpoint + " authenticated, then a short partition request",
                        at,
                        s -> {
                            dataHandshake(s, secret);
                            out(s).writeInt(9);
                            out(s).write(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0});
                        },
                        Duration.ZERO));
    }

    private static DataOutputStream out(Socket s) throws IOException {
        return new DataOutputStream(s.getOutputStream());
    }

    /** Writes what the server lets through; a server that hangs up midway is fine. */
    private static void writeQuietly(Socket s, byte[] bytes) throws IOException {
        try {
            s.getOutputStream().write(bytes);
        } catch (SocketException e) {
            // reset: the server closed while we wrote
        }
    }

    private static byte[] httpRequest() {
        return bytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n");
    }

    /** The first 27 of an AUTH frame's 71 bytes under {@code magic}. */
    private static void halfAnAuthFrame(Socket s, int magic) throws IOException {
        DataOutputStream out = out(s);
        out.writeInt(1 + 4 + 2 + 64);
        out.writeByte(RPC_AUTH);
        out.writeInt(magic);
        out.writeShort(RPC_VERSION);
        out.write(new byte[20]);
    }

    private static byte[] readRpcHello(Socket s) throws IOException {
        return readHello(s, RPC_MAGIC);
    }

    /** Reads the server's HELLO, checks its magic and version, and returns its nonce. */
    private static byte[] readHello(Socket s, int magic) throws IOException {
        s.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] hello = new byte[in.readInt()];
        in.readFully(hello);
        assertEquals(1 + 4 + 2 + 32, hello.length, "HELLO");
        DataInputStream fields = new DataInputStream(new java.io.ByteArrayInputStream(hello, 1, 6));
        assertEquals(magic, fields.readInt(), "magic");
        assertEquals(magic == RPC_MAGIC ? RPC_VERSION : DATA_VERSION, fields.readShort(), "version");
        return java.util.Arrays.copyOfRange(hello, 7, 39);
    }

    private static byte[] writeAuth(Socket s, ClusterSecret secret, byte[] serverNonce) throws IOException {
        return writeAuth(s, secret, serverNonce, RPC_MAGIC);
    }

    private static byte[] writeAuth(Socket s, ClusterSecret secret, byte[] serverNonce, int magic) throws IOException {
        byte[] clientNonce = ChallengeResponse.newNonce();
        DataOutputStream out = out(s);
        out.writeInt(1 + 4 + 2 + 64);
        out.writeByte(RPC_AUTH);
        out.writeInt(magic);
        out.writeShort(magic == RPC_MAGIC ? RPC_VERSION : DATA_VERSION);
        out.write(clientNonce);
        out.write(ChallengeResponse.clientProof(secret, serverNonce, clientNonce));
        return clientNonce;
    }

    /** The client's side of the RPC handshake with the right secret; fails unless the server accepts. */
    private static void rpcHandshake(Socket s, ClusterSecret secret) throws IOException {
        byte[] serverNonce = readRpcHello(s);
        byte[] clientNonce = writeAuth(s, secret, serverNonce);
        readAuthOk(s, secret, serverNonce, clientNonce);
    }

    private static void readAuthOk(Socket s, ClusterSecret secret, byte[] serverNonce, byte[] clientNonce)
            throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] ok = new byte[in.readInt()];
        in.readFully(ok);
        assertEquals(3, ok[0], "AUTH_OK");
        assertTrue(
                ChallengeResponse.matches(
                        ChallengeResponse.serverProof(secret, serverNonce, clientNonce),
                        java.util.Arrays.copyOfRange(ok, 1, ok.length)),
                "the server's proof");
    }

    /** The client's side of the data plane's handshake with the right secret: the RPC one under the data plane's magic. */
    private static void dataHandshake(Socket s, ClusterSecret secret) throws IOException {
        byte[] serverNonce = readHello(s, DATA_MAGIC);
        byte[] clientNonce = writeAuth(s, secret, serverNonce, DATA_MAGIC);
        readAuthOk(s, secret, serverNonce, clientNonce);
    }

    /** Reads until the server closes (EOF or reset); returns System.nanoTime() then, or fails after {@code limit}. */
    private static long closedByServer(Socket s, Duration limit) throws IOException {
        s.setSoTimeout((int) limit.toMillis());
        InputStream in = s.getInputStream();
        byte[] sink = new byte[8192];
        try {
            while (in.read(sink) != -1) {
                // whatever the server says before it hangs up (its hello, an error)
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + limit.toMillis() + " ms");
        } catch (SocketException e) {
            // reset by the server: closed as well
        }
        return System.nanoTime();
    }

    /** Sends raw bytes to the REST port; returns the status line (or "" if none) once the server closed. */
    private static String exchange(InetSocketAddress rest, byte[] request) throws IOException {
        try (Socket s = new Socket(rest.getAddress(), rest.getPort())) {
            writeQuietly(s, request);
            s.setSoTimeout((int) PROMPTLY.toMillis());
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the REST server kept the connection open after answering: "
                        + answer.toString(StandardCharsets.ISO_8859_1));
            } catch (SocketException e) {
                // reset: closed
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            return text.isEmpty() ? "" : text.lines().findFirst().orElse("");
        }
    }

    // ---- shared ----

    /** The processes are alive, the JobManager answers promptly and both TaskManagers are registered and heartbeating. */
    private void assertClusterServes() throws Exception {
        assertTrue(cluster.jobManagerProcess().isAlive(), "the JobManager died\n" + cluster.logs());
        for (TaskManagerInfo tm : taskManagers) {
            assertTrue(cluster.taskManagerProcess(tm.id()).isAlive(), tm.id() + " died\n" + cluster.logs());
        }
        long start = System.nanoTime();
        var overview = cluster.rest().overview();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 1_000, "GET /overview took " + tookMillis + " ms");
        assertEquals(2, overview.taskManagers());
        List<TaskManagerInfo> now = cluster.rest().taskManagers();
        assertEquals(
                taskManagers.stream().map(TaskManagerInfo::id).sorted().toList(),
                now.stream().map(TaskManagerInfo::id).sorted().toList(),
                "the same TaskManagers are registered");
        for (TaskManagerInfo tm : now) {
            long silent = System.currentTimeMillis() - tm.timeSinceLastHeartbeat();
            assertTrue(
                    silent < StandaloneClusterProcess.HEARTBEAT_TIMEOUT.toMillis(),
                    tm.id() + " silent for " + silent + " ms");
        }
        for (String fatal : List.of("OutOfMemoryError", "Exception in thread", "ERROR")) {
            assertEquals(List.of(), cluster.logLines(fatal), "the cluster logged " + fatal);
        }
    }

    /** "wrong proof" refusals in the logs, by process (the JobManager's is the cluster directory's name). */
    private static Map<String, Long> refusalsByProcess() throws IOException {
        return cluster.logLines("wrong proof of the cluster secret").stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        l -> l.substring(0, l.indexOf(':')), java.util.stream.Collectors.counting()));
    }

    private static StreamExecutionEnvironment endlessJob(StreamExecutionEnvironment env) {
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 1_000)
                .keyBy(i -> i % 10)
                .sum(0)
                .addSink(v -> {});
        return env;
    }

    private static void assertRefused(CompletableFuture<?> connect) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect.get(10, TimeUnit.SECONDS));
        assertInstanceOf(AuthenticationException.class, e.getCause(), String.valueOf(e.getCause()));
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A multipart/form-data body. */
    private static final class Multipart {
        private final String boundary = "b" + System.nanoTime();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart part(String name, String filename, byte[] content) {
            out.writeBytes(bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                    + "\"; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            out.writeBytes(content);
            out.writeBytes(bytes("\r\n"));
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] finish() {
            out.writeBytes(bytes("--" + boundary + "--\r\n"));
            return out.toByteArray();
        }
    }

    /** A tiny real jar, for the upload that must succeed. */
    static Path jar(Path where) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(where))) {
            out.putNextEntry(new ZipEntry("hello.txt"));
            out.write(bytes("hello"));
            out.closeEntry();
        }
        return where;
    }
}
