package dev.spindle.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.rpc.TestingGateway.Descriptor;
import dev.spindle.rpc.TestingGateway.Kind;
import dev.spindle.security.ClusterSecret;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rpc.* options reach the RPC server and client built from a process's configuration. */
class RpcOptionsTest {
    private final ClusterSecret secret = ClusterSecret.generate();
    private RpcServer server;
    private RpcClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Configuration config(String askTimeout, String frameSize, String handshakeTimeout) {
        Configuration config = new Configuration();
        config.setString("rpc.ask-timeout", askTimeout);
        config.setString("rpc.frame-size", frameSize);
        config.setString("rpc.handshake-timeout", handshakeTimeout);
        return config;
    }

    @Test
    void defaultsAreTheFormerFixedValues() {
        RpcConfig rpc = RpcConfig.from(new Configuration());

        assertEquals(RpcConfig.defaults(), rpc);
        assertEquals(Duration.ofSeconds(10), rpc.askTimeout());
        assertEquals(Duration.ofSeconds(10), rpc.handshakeTimeout());
        assertEquals(64 * 1024 * 1024, rpc.maxFrameBytes());
    }

    @Test
    void optionsSetTheRpcConfig() {
        RpcConfig rpc = RpcConfig.from(config("250 ms", "1mb", "3 s"));

        assertEquals(Duration.ofMillis(250), rpc.askTimeout());
        assertEquals(1024 * 1024, rpc.maxFrameBytes());
        assertEquals(Duration.ofSeconds(3), rpc.handshakeTimeout());
    }

    @Test
    void aCallAboveTheConfiguredFrameSizeIsRefusedAndOneBelowIsServed() throws Exception {
        TestingGateway gateway = connect(config("5 s", "256kb", "5 s"));
        Descriptor big = new Descriptor(
                "big",
                1,
                0,
                0,
                false,
                'x',
                Kind.SOURCE,
                null,
                List.of(),
                Map.of(),
                Set.of(),
                Optional.empty(),
                null,
                List.of(),
                new byte[512 * 1024]);

        ExecutionException e =
                assertThrows(ExecutionException.class, () -> gateway.echo(big).get(5, TimeUnit.SECONDS));

        assertInstanceOf(RpcException.class, e.getCause());
        assertTrue(
                e.getCause().getMessage().endsWith("more than the frame limit of 262144"),
                e.getCause().getMessage());
        assertEquals(3, gateway.add(1, 2).get(5, TimeUnit.SECONDS));
    }

    @Test
    void aCallWithoutAnswerFailsAfterTheConfiguredAskTimeout() throws Exception {
        TestingGateway gateway = connect(config("200 ms", "64mb", "5 s"));

        ExecutionException e =
                assertThrows(ExecutionException.class, () -> gateway.never().get(30, TimeUnit.SECONDS));

        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("never()"), e.getCause().getMessage());
    }

    private TestingGateway connect(Configuration config) throws Exception {
        RpcConfig rpc = RpcConfig.from(config);
        server = new RpcServer(secret, rpc);
        InetSocketAddress address = server.bind("127.0.0.1", 0);
        server.register("test", TestingGateway.class, new TestingGateway.Impl());
        client = new RpcClient(secret, rpc);
        return client.connect(address, "test", TestingGateway.class).get(5, TimeUnit.SECONDS);
    }
}
