package dev.spindle.network.netty;

import static dev.spindle.security.handshake.RawHandshake.assertClosedByPeer;
import static dev.spindle.security.handshake.RawHandshake.readHello;
import static dev.spindle.security.handshake.RawHandshake.writeAuth;
import static dev.spindle.security.handshake.RawHandshake.writeFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.NetworkOptions;
import dev.spindle.core.JobId;
import dev.spindle.network.InputChannel;
import dev.spindle.network.PartitionId;
import dev.spindle.rpc.RpcServer;
import dev.spindle.security.ClusterSecret;
import dev.spindle.security.handshake.ServerHandshake;
import dev.spindle.util.CapturedWarnings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The data port opens with the shared handshake under its own magic and version, as the RPC port
 * does under RPC's: each refuses the other's peers with a message that says so, and the partition
 * server cuts a silent peer at {@code taskmanager.network.netty.server.handshake-timeout}. Real
 * sockets on loopback.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DataHandshakeTest {
    private static final int DATA_MAGIC = 0x53504450;
    private static final int RPC_MAGIC = 0x53504E44;
    private static final short VERSION = 2;

    private final ClusterSecret secret = ClusterSecret.generate();
    private CapturedWarnings warnings;
    private NettyShuffleEnvironment producer;
    private InetSocketAddress data;

    @BeforeEach
    void start() throws IOException {
        warnings = new CapturedWarnings(ServerHandshake.class);
        producer = new NettyShuffleEnvironment(
                NettyShuffleEnvironmentTest.config().set(NetworkOptions.HANDSHAKE_TIMEOUT, Duration.ofMillis(300)),
                secret,
                PartitionLocator.allLocal());
        data = producer.start("127.0.0.1");
    }

    @AfterEach
    void stop() {
        producer.close();
        warnings.close();
    }

    @Test
    void aConsumerPointedAtAnRpcPortIsToldThatItIsNoDataPort() throws Exception {
        Configuration config = NettyShuffleEnvironmentTest.config();
        try (RpcServer rpc = new RpcServer(secret)) {
            InetSocketAddress rpcAddress = rpc.bind("127.0.0.1", 0);
            try (NettyShuffleEnvironment consumer = new NettyShuffleEnvironment(
                    config, secret, id -> new PartitionLocator.RemoteProducer(rpcAddress, "TaskManager tm-1"))) {
                consumer.start("127.0.0.1");
                InputChannel channel = consumer.createInputChannel(new PartitionId(JobId.generate(), 1, 0), 0);
                IOException e = assertThrows(IOException.class, () -> channel.requestSubpartition(() -> {}));
                assertTrue(
                        e.getMessage()
                                .endsWith("failed: partition server " + rpcAddress + " does not speak the Spindle "
                                        + "data protocol (magic 0x53504e44, expected 0x53504450)"),
                        e.getMessage());
            }
        }
    }

    @Test
    void theDataPortRefusesAnotherProtocolsMagicOrVersionNamingIt() throws Exception {
        try (Socket s = new Socket(data.getAddress(), data.getPort())) {
            writeAuth(s, secret, readHello(s, DATA_MAGIC, VERSION), RPC_MAGIC, VERSION);
            assertClosedByPeer(s);
        }
        warnings.await("the client does not speak the Spindle data protocol (magic 0x53504e44, expected 0x53504450)");
        try (Socket s = new Socket(data.getAddress(), data.getPort())) {
            writeAuth(s, secret, readHello(s, DATA_MAGIC, VERSION), DATA_MAGIC, (short) 3);
            assertClosedByPeer(s);
        }
        warnings.await("the client speaks protocol version 3, this server speaks 2");
    }

    @Test
    void theDataPortRefusesAWrongProofAndLogsIt() throws Exception {
        try (Socket s = new Socket(data.getAddress(), data.getPort())) {
            writeAuth(s, ClusterSecret.generate(), readHello(s, DATA_MAGIC, VERSION), DATA_MAGIC, VERSION);
            assertClosedByPeer(s);
        }
        warnings.await("wrong proof of the cluster secret");
        assertTrue(
                warnings.lines().get(0).startsWith("Refused data connection from /127.0.0.1:"),
                warnings.lines().get(0));
    }

    @Test
    void aFrameOverTheCapBeforeAuthenticationClosesTheConnection() throws Exception {
        try (Socket s = new Socket(data.getAddress(), data.getPort())) {
            readHello(s, DATA_MAGIC, VERSION);
            writeFrame(s, 32 * 1024);
            assertClosedByPeer(s);
        }
        warnings.await("TooLongFrameException: a frame of 32768 bytes before authentication (at most 256)");
    }

    @Test
    void aPeerThatNeverAuthenticatesIsCutAtTheConfiguredHandshakeTimeout() throws Exception {
        try (Socket s = new Socket(data.getAddress(), data.getPort())) {
            readHello(s, DATA_MAGIC, VERSION);
            assertClosedByPeer(s);
        }
        warnings.await("no authentication within 300 ms");
        assertEquals(1, warnings.lines().size(), warnings.lines().toString());
    }
}
