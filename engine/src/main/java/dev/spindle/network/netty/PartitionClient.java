package dev.spindle.network.netty;

import dev.spindle.security.ClusterSecret;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens and shares the connections of this process to remote partition servers: one per server
 * address, authenticated before use. A lost connection is replaced on the next request. Pipeline
 * of each connection, inbound top to bottom:
 *
 * <pre>
 *   ClientHandshakeHandler   challenge–response, then removes itself
 *   LengthFieldBasedFrameDecoder (max frame)
 *   NettyMessage.Decoder
 *   NettyMessage.Encoder     (outbound)
 *   ClientConnection         buffers and errors → RemoteInputChannels
 * </pre>
 *
 * <p>Thread-safe; {@link #connect} blocks the calling task thread, never an event loop.
 */
final class PartitionClient implements AutoCloseable {
    private final Bootstrap bootstrap;
    private final ClusterSecret secret;
    private final int maxFrame;
    private final NettyMessage.Encoder encoder = new NettyMessage.Encoder();
    private final long connectTimeoutMillis;
    private final Map<InetSocketAddress, ClientConnection> connections = new HashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private boolean closed;

    PartitionClient(EventLoopGroup group, ClusterSecret secret, int maxFrame, long connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.secret = secret;
        this.maxFrame = maxFrame;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeoutMillis);
    }

    /** The shared, authenticated connection to {@code server}, opening it if needed. */
    synchronized ClientConnection connect(InetSocketAddress server) throws IOException, InterruptedException {
        if (closed) {
            throw new IOException("the shuffle environment is closed");
        }
        ClientConnection existing = connections.get(server);
        if (existing != null && existing.isOpen()) {
            return existing;
        }
        ClientHandshakeHandler handshake = new ClientHandshakeHandler(secret);
        ClientConnection connection = new ClientConnection(server);
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(handshake, NettyMessage.frameDecoder(maxFrame), new NettyMessage.Decoder(),
                        encoder, connection);
            }
        }).connect(server);
        try {
            if (!connect.await(connectTimeoutMillis)) {
                connect.cancel(false);
                throw new IOException("connecting to partition server " + server + " timed out");
            }
            if (!connect.isSuccess()) {
                throw new IOException("cannot connect to partition server " + server + ": " + connect.cause(),
                        connect.cause());
            }
            opened.incrementAndGet();
            handshake.done().get(connectTimeoutMillis, TimeUnit.MILLISECONDS);
            connections.put(server, connection);
            return connection;
        } catch (ExecutionException e) {
            connect.channel().close();
            throw e.getCause() instanceof IOException io ? new IOException(io.getMessage(), io)
                    : new IOException("authentication with " + server + " failed", e.getCause());
        } catch (TimeoutException e) {
            connect.channel().close();
            throw new IOException("partition server " + server + " did not authenticate within "
                    + connectTimeoutMillis + " ms", e);
        }
    }

    /** Connections opened so far (for tests and metrics). */
    int connectionsOpened() {
        return opened.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (ClientConnection c : connections.values()) {
            c.close();
        }
        connections.clear();
    }
}
