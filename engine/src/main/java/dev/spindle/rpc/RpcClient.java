package dev.spindle.rpc;

import dev.spindle.security.ClusterSecret;
import dev.spindle.security.handshake.ClientHandshake;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Connects to {@link RpcServer}s and hands out typed gateway proxies. All proxies for one remote
 * address share one authenticated channel.
 *
 * <p>Threading: every future this client returns — from {@link #connect} and from gateway
 * methods — completes on the client's callback pool (threads named {@code rpc-client-callback}),
 * never on a Netty event loop, so a callback may block or make further calls without stalling
 * I/O. Futures of different calls may complete in any order.
 *
 * <p>Connection loss: when a channel closes, the calls in flight on it fail with
 * {@link RpcConnectionException}. The next call through any proxy for that address opens and
 * authenticates a new channel; if that fails, the call fails with the reason (a refused connect
 * fails at once, not after the ask timeout).
 */
public final class RpcClient implements AutoCloseable {
    private final ClusterSecret secret;
    private final RpcConfig config;
    private final EventLoopGroup group = new NioEventLoopGroup(0, new DefaultThreadFactory("rpc-client-io", true));
    private final ExecutorService callbacks =
            Executors.newCachedThreadPool(new DefaultThreadFactory("rpc-client-callback", true));
    private final Map<InetSocketAddress, CompletableFuture<RpcConnection>> connections = new HashMap<>();
    private boolean closed;
    private volatile java.util.function.Consumer<InetSocketAddress> closedListener = address -> {};

    public RpcClient(ClusterSecret secret) {
        this(secret, RpcConfig.defaults());
    }

    public RpcClient(ClusterSecret secret, RpcConfig config) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Connects (or reuses the connection) to the server at {@code address} and returns a proxy for
     * its endpoint {@code endpointName}. Completes once the connection is authenticated; fails with
     * {@link AuthenticationException} if the server does not prove it holds the cluster secret, or
     * {@link RpcConnectionException} if it cannot be reached. Whether the endpoint exists is only
     * known at the first call.
     *
     * @throws IllegalArgumentException at once if {@code gatewayType} is not a valid gateway
     *     interface (every method returning {@code CompletableFuture} of sendable types)
     */
    public <G> CompletableFuture<G> connect(InetSocketAddress address, String endpointName, Class<G> gatewayType) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(endpointName, "endpointName");
        GatewaySchema schema = GatewaySchema.of(gatewayType);
        G proxy = gatewayType.cast(Proxy.newProxyInstance(
                gatewayType.getClassLoader(),
                new Class<?>[] {gatewayType},
                new GatewayInvocationHandler(this, address, endpointName, schema)));
        CompletableFuture<G> result = new CompletableFuture<>();
        connection(address).whenComplete((c, error) -> {
            Runnable complete =
                    error == null ? () -> result.complete(proxy) : () -> result.completeExceptionally(error);
            try {
                callbacks.execute(complete);
            } catch (RejectedExecutionException e) {
                complete.run(); // closed meanwhile
            }
        });
        return result;
    }

    RpcConfig config() {
        return config;
    }

    ExecutorService callbacks() {
        return callbacks;
    }

    /** The open connection to {@code address}, or a new one if there is none or it closed. */
    synchronized CompletableFuture<RpcConnection> connection(InetSocketAddress address) {
        if (closed) {
            return CompletableFuture.failedFuture(new RpcConnectionException("the RPC client is closed"));
        }
        CompletableFuture<RpcConnection> existing = connections.get(address);
        if (existing != null
                && (!existing.isDone()
                        || (!existing.isCompletedExceptionally()
                                && existing.join().isOpen()))) {
            return existing;
        }
        CompletableFuture<RpcConnection> opened = open(address);
        connections.put(address, opened);
        return opened;
    }

    private CompletableFuture<RpcConnection> open(InetSocketAddress address) {
        CompletableFuture<RpcConnection> authenticated = new CompletableFuture<>();
        RpcConnection connection = new RpcConnection(address, config, callbacks);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connection.attach(ch);
                        ClientHandshake handshake = new ClientHandshake(
                                secret,
                                Protocol.handshake(config),
                                address,
                                pipeline -> Pipeline.authenticated(pipeline, connection, config.maxFrameBytes()));
                        handshake.done().whenComplete((ok, failure) -> {
                            if (failure == null) {
                                ch.closeFuture().addListener(f -> connectionClosed(address));
                                authenticated.complete(connection);
                            } else {
                                authenticated.completeExceptionally(new AuthenticationException(failure.getMessage()));
                            }
                        });
                        Pipeline.init(ch, handshake, config.maxFrameBytes());
                    }
                });
        ChannelFuture connected = bootstrap.connect(address);
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                authenticated.completeExceptionally(
                        new RpcConnectionException("cannot connect to the RPC server at " + address, f.cause()));
            }
        });
        return authenticated;
    }

    /**
     * Tells {@code listener} (on the client's callback thread) whenever an authenticated connection
     * closes while the client is open: the peer may have died. Set once, before connections open.
     */
    public void onConnectionClosed(java.util.function.Consumer<InetSocketAddress> listener) {
        this.closedListener = java.util.Objects.requireNonNull(listener, "listener");
    }

    private void connectionClosed(InetSocketAddress address) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        try {
            callbacks.execute(() -> closedListener.accept(address));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing meanwhile
        }
    }

    /** Closes every connection (calls in flight fail) and stops the client's threads. */
    @Override
    public void close() {
        Map<InetSocketAddress, CompletableFuture<RpcConnection>> open;
        synchronized (this) {
            closed = true;
            open = new HashMap<>(connections);
            connections.clear();
        }
        for (CompletableFuture<RpcConnection> c : open.values()) {
            c.thenAccept(RpcConnection::close);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        callbacks.shutdown();
    }
}
