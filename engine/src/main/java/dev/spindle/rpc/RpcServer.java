package dev.spindle.rpc;

import dev.spindle.security.ClusterSecret;
import dev.spindle.security.handshake.ServerHandshake;
import dev.spindle.util.ConnectionLimiter;
import dev.spindle.util.RateLimitedLogger;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports gateway implementations on one port. Every connection must authenticate with the
 * cluster secret before anything is dispatched (see {@link Pipeline}). Connections still in the
 * handshake are limited ({@link RpcConfig#maxHandshakes()}, in all and per address; the excess is
 * closed on accept) and timed out, so that silent peers cannot exhaust the process's descriptors;
 * their refusals are logged rate-limited.
 *
 * <p>Threading: each endpoint's methods are invoked on that endpoint's executor. By default that
 * is a single thread of its own, named {@code rpc-main-<endpoint>}: the endpoint's "main thread",
 * on which a coordinator may change its state without locks. The answer is sent from whichever
 * thread completes the returned future. Registration and closing are thread-safe.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcServer.class);

    private final ClusterSecret secret;
    private final RpcConfig config;
    private final Map<String, ServerDispatcher.Endpoint> endpoints = new ConcurrentHashMap<>();
    private final RateLimitedLogger refusals =
            RateLimitedLogger.standard(LoggerFactory.getLogger(ServerHandshake.class), "refused RPC connections");
    private final ChannelGroup channels = new DefaultChannelGroup("rpc-server", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public RpcServer(ClusterSecret secret) {
        this(secret, RpcConfig.defaults());
    }

    public RpcServer(ClusterSecret secret, RpcConfig config) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Starts listening; port 0 picks a free port. Blocks until bound.
     *
     * @return the address actually bound
     */
    public synchronized InetSocketAddress bind(String host, int port) throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("already bound to " + serverChannel.localAddress());
        }
        acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("rpc-server-accept", true));
        workers = new NioEventLoopGroup(0, new DefaultThreadFactory("rpc-server-io", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .handler(new ConnectionLimiter(
                        "RPC",
                        config.maxHandshakes(),
                        config.maxHandshakesPerAddress(),
                        "connections not yet authenticated",
                        refusals))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        Pipeline.init(
                                ch,
                                new ServerHandshake(
                                        secret,
                                        Protocol.handshake(config),
                                        refusals,
                                        pipeline -> Pipeline.authenticated(
                                                pipeline,
                                                new ServerDispatcher(endpoints, config),
                                                config.maxFrameBytes())),
                                config.maxFrameBytes());
                    }
                });
        try {
            serverChannel = bootstrap.bind(host, port).sync().channel();
        } catch (Exception e) { // sync() rethrows the bind failure (often a checked BindException) undeclared
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            shutDownGroups();
            throw new IOException("cannot bind the RPC server to " + host + ":" + port, e);
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("RPC server listening on {}", bound);
        return bound;
    }

    /** The bound address, or null before {@link #bind}. */
    public synchronized InetSocketAddress address() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Exports {@code implementation} under {@code endpointName}, invoked on a single thread of its
     * own that {@link #close()} shuts down.
     *
     * @throws IllegalArgumentException if the gateway interface uses a type that cannot be sent
     *     or the name is taken
     */
    public <G> void register(String endpointName, Class<G> gatewayType, G implementation) {
        ExecutorService main =
                Executors.newSingleThreadExecutor(new DefaultThreadFactory("rpc-main-" + endpointName, true));
        try {
            add(endpointName, gatewayType, implementation, main, main);
        } catch (RuntimeException e) {
            main.shutdown();
            throw e;
        }
    }

    /** Exports {@code implementation}, invoked on {@code executor}, which the caller owns. */
    public <G> void register(String endpointName, Class<G> gatewayType, G implementation, Executor executor) {
        add(endpointName, gatewayType, implementation, Objects.requireNonNull(executor, "executor"), null);
    }

    /** Stops exporting an endpoint; later calls to it fail with "no RPC endpoint". */
    public void unregister(String endpointName) {
        ServerDispatcher.Endpoint removed = endpoints.remove(endpointName);
        if (removed != null && removed.owned() != null) {
            removed.owned().shutdown();
        }
    }

    private void add(String name, Class<?> type, Object implementation, Executor executor, ExecutorService owned) {
        Objects.requireNonNull(name, "endpointName");
        if (!type.isInstance(Objects.requireNonNull(implementation, "implementation"))) {
            throw new IllegalArgumentException(
                    implementation.getClass().getName() + " does not implement " + type.getName());
        }
        GatewaySchema schema = GatewaySchema.of(type);
        if (endpoints.putIfAbsent(name, new ServerDispatcher.Endpoint(name, schema, implementation, executor, owned))
                != null) {
            throw new IllegalArgumentException("an RPC endpoint named '" + name + "' is already registered");
        }
    }

    /** Closes the port and every connection (pending calls of clients fail) and stops the endpoints' own threads. */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        channels.close().awaitUninterruptibly();
        shutDownGroups();
        for (String name : endpoints.keySet()) {
            unregister(name);
        }
    }

    private void shutDownGroups() {
        for (EventLoopGroup group : new EventLoopGroup[] {acceptor, workers}) {
            if (group != null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }
}
