package dev.spindle.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.security.ChallengeResponse;
import dev.spindle.security.ClusterSecret;
import dev.spindle.security.handshake.RawHandshake;
import dev.spindle.security.handshake.ServerHandshake;
import dev.spindle.types.DataOutputView;
import dev.spindle.util.CapturedWarnings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Peers without the secret, or without the protocol, get nothing and break nothing. */
class RpcAuthenticationTest {
    private final ClusterSecret secret = ClusterSecret.generate();
    private final TestingGateway.Impl impl = new TestingGateway.Impl();
    private CapturedWarnings warnings;
    private RpcServer server;
    private InetSocketAddress address;

    @BeforeEach
    void start() throws Exception {
        warnings = new CapturedWarnings(ServerHandshake.class);
        server = new RpcServer(secret, RpcConfig.defaults().withHandshakeTimeout(Duration.ofMillis(500)));
        address = server.bind("127.0.0.1", 0);
        server.register("test", TestingGateway.class, impl);
    }

    @AfterEach
    void stop() {
        server.close();
        warnings.close();
    }

    @Test
    void aClientWithTheWrongSecretIsRefusedAndLogged() throws Exception {
        try (RpcClient stranger = new RpcClient(ClusterSecret.generate())) {
            CompletableFuture<TestingGateway> connect = stranger.connect(address, "test", TestingGateway.class);
            ExecutionException e = assertThrows(ExecutionException.class, () -> connect.get(5, TimeUnit.SECONDS));
            assertInstanceOf(AuthenticationException.class, e.getCause());
            assertTrue(
                    e.getCause().getMessage().contains(address.toString()),
                    e.getCause().getMessage());
        }
        warnings.await("wrong proof of the cluster secret");
        List<String> lines = warnings.lines();
        assertTrue(lines.get(0).contains("127.0.0.1"), lines.get(0));
        assertEquals(1, lines.size(), "one line per refused peer: " + lines);
        assertServerStillWorks();
    }

    @Test
    void garbageBeforeTheHandshakeIsRefused() throws Exception {
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        try (Socket socket = rawConnection()) {
            socket.getOutputStream().write(random);
            assertClosedByServer(socket);
        }
        try (Socket socket = rawConnection()) {
            new DataOutputStream(socket.getOutputStream()).writeInt(Integer.MAX_VALUE - 8);
            assertClosedByServer(socket);
        }
        warnings.await("TooLongFrameException");
        try (Socket socket = rawConnection()) {
            new DataOutputStream(socket.getOutputStream()).writeInt(-1);
            assertClosedByServer(socket);
        }
        assertServerStillWorks();
    }

    @Test
    void aRequestBeforeAuthenticationIsNeverDispatched() throws Exception {
        DataOutputView request = new DataOutputView(64);
        request.writeByte(Protocol.REQUEST);
        request.writeVarLong(1);
        request.writeString("test");
        request.writeString("heartbeat(long)");
        request.writeLong(7);
        try (Socket socket = rawConnection()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(request.length());
            out.write(request.toByteArray());
            out.flush();
            assertClosedByServer(socket);
        }
        warnings.await("expected an AUTH frame");
        assertEquals(0, impl.invocations.get());
        assertServerStillWorks();
    }

    @Test
    void silenceAndForeignProtocolVersionsAreRefused() throws Exception {
        try (Socket socket = rawConnection()) {
            assertClosedByServer(socket);
        }
        warnings.await("no authentication within 500 ms");
        try (Socket socket = rawConnection()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(1 + 4 + 2 + 64);
            out.writeByte(Protocol.AUTH);
            out.writeInt(Protocol.MAGIC);
            out.writeShort(99);
            out.write(new byte[64]);
            assertClosedByServer(socket);
        }
        warnings.await("protocol version 99");
        assertServerStillWorks();
    }

    @Test
    void aClientOfAnotherProtocolIsRefusedNamingIt() throws Exception {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            RawHandshake.writeAuth(
                    socket,
                    secret,
                    RawHandshake.readHello(socket, Protocol.MAGIC, Protocol.VERSION),
                    0x53504450,
                    Protocol.VERSION); // the data plane's magic: a data client at an RPC port
            assertClosedByServer(socket);
        }
        warnings.await("the client does not speak the Spindle RPC protocol (magic 0x53504450, expected 0x53504e44)");
        assertServerStillWorks();
    }

    @Test
    void aServerThatNeverAnswersIsCutAtTheClientsHandshakeTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                RpcClient client =
                        new RpcClient(secret, RpcConfig.defaults().withHandshakeTimeout(Duration.ofMillis(300)))) {
            InetSocketAddress silentAddress = new InetSocketAddress("127.0.0.1", silent.getLocalPort());
            CompletableFuture<TestingGateway> connect = client.connect(silentAddress, "test", TestingGateway.class);
            try (Socket accepted = silent.accept()) {
                accepted.setSoTimeout(5000);
                Throwable refused = failureOf(connect);
                assertInstanceOf(AuthenticationException.class, refused);
                assertEquals(
                        "RPC server " + silentAddress + " did not complete authentication within 300 ms",
                        refused.getMessage());
                RawHandshake.assertClosedByPeer(accepted);
            }
        }
    }

    @Test
    void aServerWithoutTheSecretIsRejectedByTheClient() throws Exception {
        try (RpcServer impostor = new RpcServer(ClusterSecret.generate());
                RpcClient client = new RpcClient(secret)) {
            InetSocketAddress impostorAddress = impostor.bind("127.0.0.1", 0);
            Throwable refused = failureOf(client.connect(impostorAddress, "test", TestingGateway.class));
            assertInstanceOf(AuthenticationException.class, refused);
        }
    }

    @Test
    void aServerThatAcceptsAnyoneButCannotProveItselfGetsNoCalls() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                RpcClient client = new RpcClient(secret)) {
            CompletableFuture<Boolean> clientHungUp = CompletableFuture.supplyAsync(() -> acceptAnyone(fake));
            InetSocketAddress fakeAddress = new InetSocketAddress("127.0.0.1", fake.getLocalPort());
            Throwable refused = failureOf(client.connect(fakeAddress, "test", TestingGateway.class));
            assertInstanceOf(AuthenticationException.class, refused);
            assertTrue(
                    refused.getMessage().contains("did not prove that it holds the cluster secret"),
                    refused.getMessage());
            assertTrue(clientHungUp.get(5, TimeUnit.SECONDS), "the client closed without sending a request");
        }
    }

    /** Plays a server that skips verifying the client and answers with a made-up proof. */
    private static boolean acceptAnyone(ServerSocket fake) {
        try (Socket socket = fake.accept()) {
            socket.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(1 + 4 + 2 + 32);
            out.writeByte(Protocol.HELLO);
            out.writeInt(Protocol.MAGIC);
            out.writeShort(Protocol.VERSION);
            out.write(ChallengeResponse.newNonce());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readFully(new byte[in.readInt()]);
            out.writeInt(1 + 32);
            out.writeByte(Protocol.AUTH_OK);
            out.write(ChallengeResponse.newNonce());
            return in.read() == -1;
        } catch (IOException e) {
            return e instanceof SocketException; // a reset is a hang-up too
        }
    }

    private Socket rawConnection() throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] hello = new byte[in.readInt()];
        in.readFully(hello);
        assertEquals(Protocol.HELLO, hello[0]);
        return socket;
    }

    private static void assertClosedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read() != -1) {
                // the server sends nothing more; keep reading until it hangs up
            }
        } catch (SocketTimeoutException e) {
            fail("the server kept a misbehaving connection open");
        } catch (SocketException e) {
            // reset by the server: closed as well
        }
    }

    private void assertServerStillWorks() throws Exception {
        try (RpcClient client = new RpcClient(secret)) {
            TestingGateway gateway =
                    client.connect(address, "test", TestingGateway.class).get(5, TimeUnit.SECONDS);
            assertEquals(3, gateway.add(1, 2).get(5, TimeUnit.SECONDS));
        }
        assertEquals(1, impl.invocations.get(), "only the authenticated call reached the implementation");
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS))
                .getCause();
    }
}
