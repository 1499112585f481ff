package dev.spindle.network.netty;

import dev.spindle.config.NetworkOptions;
import dev.spindle.network.CancelledWaitException;
import dev.spindle.security.ClusterSecret;
import dev.spindle.security.handshake.ClientHandshake;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens and shares the connections of this process to remote partition servers: one per server
 * address, authenticated before use. A lost connection is replaced on the next request. The
 * pipeline of each connection is {@link DataPipeline}'s, with a {@link PartitionConnection}
 * behind the handshake.
 *
 * <p>Thread-safe; {@link #connect} blocks the calling task thread, never an event loop.
 */
final class PartitionClient implements AutoCloseable {
    private final Bootstrap bootstrap;
    private final ClusterSecret secret;
    private final int maxFrame;
    private final NettyMessage.Encoder encoder = new NettyMessage.Encoder();
    private final long connectTimeoutMillis;
    /** One attempt per server: pending, or done with the connection (which may have been lost since) or its failure. */
    private final Map<InetSocketAddress, CompletableFuture<PartitionConnection>> connections = new HashMap<>();

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

    /**
     * The shared, authenticated connection to {@code server}, opening it if needed. Callers for one
     * server share one attempt, which fails if the server is not connected and authenticated within
     * the connect timeout; no lock is held while waiting, so that a server that does not answer
     * delays no caller of another server, and no caller longer than that.
     *
     * @param cancelled completes when the caller stops waiting (its task is cancelled)
     * @throws CancelledWaitException if {@code cancelled} completes first
     */
    PartitionConnection connect(InetSocketAddress server, CompletableFuture<?> cancelled)
            throws IOException, InterruptedException {
        CompletableFuture<PartitionConnection> pending;
        synchronized (this) {
            if (closed) {
                throw new IOException("the shuffle environment is closed");
            }
            pending = connections.get(server);
            if (pending == null || unusable(pending)) {
                pending = open(server);
                connections.put(server, pending);
            }
        }
        try {
            // Bounded by the attempt's own timeouts; the bound here is only a safety net.
            CompletableFuture.anyOf(pending, cancelled).get(connectTimeoutMillis + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Looked at below.
        }
        if (pending.isDone()) {
            try {
                return pending.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw cause instanceof IOException io
                        ? new IOException(io.getMessage(), io)
                        : new IOException("connecting to partition server " + server + " failed: " + cause, cause);
            }
        }
        if (cancelled.isDone()) {
            throw new CancelledWaitException("stopped connecting to partition server " + server + ": cancelled");
        }
        throw new IOException("connecting to partition server " + server + " did not end in time");
    }

    private static boolean unusable(CompletableFuture<PartitionConnection> attempt) {
        return attempt.isCompletedExceptionally()
                || attempt.isCancelled()
                || attempt.isDone() && !attempt.join().isOpen();
    }

    /** Starts connecting to and authenticating with {@code server}; the future completes on an event loop. */
    private CompletableFuture<PartitionConnection> open(InetSocketAddress server) {
        CompletableFuture<PartitionConnection> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis);
        PartitionConnection connection = new PartitionConnection(server);
        // The connect timeout bounds connecting and authenticating together (the deadline below), so
        // the handshake's own timeout, which starts once connected, is only a backstop.
        ClientHandshake handshake = new ClientHandshake(
                secret,
                DataPipeline.handshake(Duration.ofMillis(connectTimeoutMillis)),
                server,
                pipeline -> DataPipeline.authenticated(pipeline, encoder, connection));
        ChannelFuture connect = bootstrap
                .clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        DataPipeline.init(ch, handshake, maxFrame);
                    }
                })
                .connect(server);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(
                        f.cause() instanceof ConnectTimeoutException
                                ? new IOException(
                                        "connecting to partition server " + server + " timed out after "
                                                + connectTimeoutMillis + " ms (" + NetworkOptions.CONNECT_TIMEOUT.key()
                                                + ")",
                                        f.cause())
                                : new IOException(
                                        "cannot connect to partition server " + server + ": " + f.cause(), f.cause()));
                return;
            }
            opened.incrementAndGet();
            Channel channel = connect.channel();
            ScheduledFuture<?> timeout = channel.eventLoop()
                    .schedule(
                            () -> {
                                result.completeExceptionally(new IOException("partition server " + server
                                        + " accepted the connection but did not " + "authenticate within "
                                        + connectTimeoutMillis + " ms (" + NetworkOptions.CONNECT_TIMEOUT.key() + ")"));
                                channel.close();
                            },
                            Math.max(0, deadline - System.nanoTime()),
                            TimeUnit.NANOSECONDS);
            handshake.done().whenComplete((ok, err) -> {
                timeout.cancel(false);
                if (err == null) {
                    result.complete(connection);
                } else {
                    channel.close();
                    result.completeExceptionally(
                            err instanceof IOException io
                                    ? io
                                    : new IOException("authentication with " + server + " failed", err));
                }
            });
        });
        return result;
    }

    /** Connections opened so far (for tests and metrics). */
    int connectionsOpened() {
        return opened.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (CompletableFuture<PartitionConnection> c : connections.values()) {
            c.completeExceptionally(new IOException("the shuffle environment is closed"));
            c.thenAccept(PartitionConnection::close);
        }
        connections.clear();
    }
}
