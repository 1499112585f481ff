package dev.spindle.network.netty;

import dev.spindle.config.NetworkOptions;
import dev.spindle.network.LocalPartitionRegistry;
import dev.spindle.security.ClusterSecret;
import dev.spindle.security.handshake.HandshakeSpec;
import dev.spindle.security.handshake.ServerHandshake;
import dev.spindle.util.ConnectionLimiter;
import dev.spindle.util.RateLimitedLogger;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.LoggerFactory;

/**
 * Serves the partitions of this process to consumers in other processes; the pipeline of each
 * connection is {@link DataPipeline}'s, with a {@link PartitionRequestHandler} behind the
 * handshake.
 *
 * <p>Connections still in the handshake are limited (in all and per remote address; the excess is
 * closed on accept by a {@link ConnectionLimiter}) and timed out
 * ({@link NetworkOptions#HANDSHAKE_TIMEOUT}), so that silent peers cannot
 * exhaust the TaskManager's descriptors; refusals are logged rate-limited.
 */
final class PartitionServer implements AutoCloseable {
    /** As the RPC port's: far above what the cluster's consumers need at once, far below the descriptor limit. */
    static final int MAX_HANDSHAKES = 1024;

    static final int MAX_HANDSHAKES_PER_ADDRESS = 256;

    private final ExecutorService lookups;
    private final ChannelGroup connections =
            new DefaultChannelGroup("spindle-data-server", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    PartitionServer(
            EventLoopGroup group,
            LocalPartitionRegistry registry,
            ClusterSecret secret,
            int maxFrame,
            String bindHost,
            int port,
            Duration handshakeTimeout)
            throws IOException {
        this(
                group,
                registry,
                secret,
                maxFrame,
                bindHost,
                port,
                handshakeTimeout,
                MAX_HANDSHAKES,
                MAX_HANDSHAKES_PER_ADDRESS);
    }

    /** @param maxFrame the largest frame (after its length prefix) either side sends or accepts */
    PartitionServer(
            EventLoopGroup group,
            LocalPartitionRegistry registry,
            ClusterSecret secret,
            int maxFrame,
            String bindHost,
            int port,
            Duration handshakeTimeout,
            int maxHandshakes,
            int maxHandshakesPerAddress)
            throws IOException {
        RateLimitedLogger refusals =
                RateLimitedLogger.standard(LoggerFactory.getLogger(ServerHandshake.class), "refused data connections");
        HandshakeSpec handshake = DataPipeline.handshake(handshakeTimeout);
        this.lookups = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "spindle-partition-lookup");
            t.setDaemon(true);
            return t;
        });
        NettyMessage.Encoder encoder = new NettyMessage.Encoder();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .handler(new ConnectionLimiter(
                        "data", maxHandshakes, maxHandshakesPerAddress, "connections not yet authenticated", refusals))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        DataPipeline.init(
                                ch,
                                new ServerHandshake(
                                        secret,
                                        handshake,
                                        refusals,
                                        pipeline -> DataPipeline.authenticated(
                                                pipeline, encoder, new PartitionRequestHandler(registry, lookups))),
                                maxFrame);
                    }
                });
        try {
            serverChannel = bootstrap.bind(bindHost, port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding the partition server", e);
        } catch (Exception e) {
            lookups.shutdownNow();
            throw new IOException("cannot bind the partition server to " + bindHost + ":" + port, e);
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting and closes every connection; consumers see the connection lost. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
        lookups.shutdownNow();
    }
}
