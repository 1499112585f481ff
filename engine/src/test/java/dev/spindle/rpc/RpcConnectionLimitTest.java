package dev.spindle.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.security.ClusterSecret;
import dev.spindle.security.handshake.ServerHandshake;
import dev.spindle.util.CapturedWarnings;
import dev.spindle.util.SilentPeers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Silent peers on real loopback sockets take only the handshake slots they may, and never the cluster's own. */
class RpcConnectionLimitTest {
    private final ClusterSecret secret = ClusterSecret.generate();
    private RpcServer server;
    private InetSocketAddress address;

    private void start(int maxHandshakes, int perAddress) throws Exception {
        server = new RpcServer(
                secret,
                RpcConfig.defaults()
                        .withHandshakeTimeout(Duration.ofMinutes(5))
                        .withMaxHandshakes(maxHandshakes, perAddress));
        address = server.bind("127.0.0.1", 0);
        server.register("test", TestingGateway.class, new TestingGateway.Impl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void silentPeersBeyondTheLimitAreClosedOnAcceptAndOthersAreServed() throws Exception {
        start(20, 5);
        try (SilentPeers peers = new SilentPeers("127.0.0.2", address, 10, 60_000)) {
            assertEquals(5, peers.awaitEnded(5, 30));
            assertTrue(
                    peers.ends().stream().allMatch(SilentPeers.End::refusedOnAccept),
                    peers.ends().toString());
            assertServes(); // from 127.0.0.1
            assertEquals(5, peers.ended(), "the 5 within the limit are held until the handshake timeout");
        }
    }

    @Test
    void authenticatedConnectionsDoNotCountAgainstTheLimit() throws Exception {
        start(1, 1);
        try (RpcClient client = new RpcClient(secret)) {
            TestingGateway gateway =
                    client.connect(address, "test", TestingGateway.class).get(10, TimeUnit.SECONDS);
            assertEquals(3, gateway.add(1, 2).get(10, TimeUnit.SECONDS));
            try (SilentPeers peers = new SilentPeers("127.0.0.1", address, 1, 60_000)) {
                assertTrue(peers.greeted(0), "the silent peer gets the one slot, and the server's HELLO");
                assertEquals(0, peers.ended());
                assertEquals(5, gateway.add(2, 3).get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void refusalsAreLoggedTenTimesPerIntervalNotOncePerConnection() throws Exception {
        try (CapturedWarnings warnings = new CapturedWarnings(ServerHandshake.class)) {
            start(1, 1);
            try (SilentPeers peers = new SilentPeers("127.0.0.1", address, 31, 60_000)) {
                assertEquals(30, peers.awaitEnded(30, 30));
                List<String> refused = warnings.startingWith("Refused RPC connection from /127.0.0.1:");
                assertEquals(10, refused.size(), warnings.lines().toString());
                assertTrue(
                        refused.get(0)
                                .endsWith(": 1 connections from this address are open, the most allowed per address "
                                        + "(connections not yet authenticated)"),
                        refused.get(0));
            }
        }
    }

    private void assertServes() throws Exception {
        try (RpcClient client = new RpcClient(secret)) {
            TestingGateway gateway =
                    client.connect(address, "test", TestingGateway.class).get(10, TimeUnit.SECONDS);
            assertEquals(3, gateway.add(1, 2).get(10, TimeUnit.SECONDS));
        }
    }
}
