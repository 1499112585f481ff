package dev.spindle.network.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.network.LocalPartitionRegistry;
import dev.spindle.security.ClusterSecret;
import dev.spindle.util.SilentPeers;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The data port sheds silent peers beyond its handshake limit on accept, as the RPC port does. */
class PartitionServerLimitTest {

    @Test
    void silentPeersBeyondTheLimitAreClosedOnAccept() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        try (PartitionServer server = new PartitionServer(
                        group,
                        new LocalPartitionRegistry(),
                        ClusterSecret.generate(),
                        64 * 1024,
                        "127.0.0.1",
                        0,
                        Duration.ofMinutes(5),
                        20,
                        5);
                SilentPeers peers = new SilentPeers("127.0.0.2", server.address(), 10, 60_000)) {
            assertEquals(5, peers.awaitEnded(5, 30));
            assertTrue(
                    peers.ends().stream().allMatch(SilentPeers.End::refusedOnAccept),
                    peers.ends().toString());
            assertEquals(5, peers.ended(), "the 5 within the limit are held until the handshake timeout");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
