package dev.spindle.rest;

import dev.spindle.config.ConfigOption;
import dev.spindle.config.Configuration;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.config.RestOptions;
import dev.spindle.jobmanager.DispatcherGateway;
import dev.spindle.jobmanager.JarRunner;
import dev.spindle.security.ClusterSecret;
import dev.spindle.util.ConnectionLimiter;
import dev.spindle.util.RateLimitedLogger;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager's REST endpoint: HTTP/JSON on Netty, a translation of {@link DispatcherGateway}
 * (and {@link JarRunner}) with Flink's paths and shapes where the concept is the same. Clients
 * talk to a cluster only through it.
 *
 * <p>Each connection's pipeline:
 * <pre>
 *   accept ─▶ ConnectionLimiter        on the listening channel: over rest.connections.max-per-address
 *                                      the new socket is closed at once; over rest.connections.max the
 *                                      oldest one without complete headers makes room, else the new one
 *   socket ─▶ HttpServerCodec          bytes ⇄ HttpRequest + HttpContent chunks / HttpResponse
 *          ─▶ RequestTimeouts          headers late (rest.request.header-timeout) or body stalled
 *                                      (rest.idleness-timeout): 408 and close; idle keep-alive: close
 *          ─▶ AuthenticationHandler    non-GET without the cluster's bearer token: 401, body dropped
 *                                      (but for the dashboard's actions, whose body carries it)
 *          ─▶ BodyAggregator           one FullHttpRequest, at most rest.max-content-length (else 413)
 *          ─▶ RouterHandler            route table → handler future → JSON response or {"errors": [..]}
 * </pre>
 *
 * <p>Routes ({@link #routes()}): {@code GET /} and {@code GET /web/{file}} (the web dashboard,
 * {@link WebResources}), {@code GET /config}, {@code GET /jobmanager/config}, {@code GET
 * /jobs/{jobid}/plan}, {@code GET /jobs/{jobid}/config} ({@link ConfigHandlers}, {@link JobViewHandlers}),
 * {@code PUT /web/jobs/{jobid}/cancel} and {@code PUT /web/jobs/{jobid}/stop} (the dashboard's actions
 * through YARN's web proxy, {@link WebActionHandlers}), {@code GET /overview}, {@code GET /jobs}, {@code GET /jobs/overview},
 * {@code POST /jobs}, {@code GET /jobs/{jobid}}, {@code PATCH /jobs/{jobid}?mode=cancel},
 * {@code PATCH /jobs/{jobid}/client-heartbeat} (an attached client's lease, answered 202),
 * {@code GET /jobs/{jobid}/execution-result}, {@code GET /jobs/{jobid}/exceptions} (the job's failures),
 * {@code GET /jobs/{jobid}/checkpoints} and {@code GET /jobs/{jobid}/checkpoints/config} (its checkpoints),
 * {@code POST /jobs/{jobid}/savepoints}, {@code POST /jobs/{jobid}/stop} and
 * {@code GET /jobs/{jobid}/savepoints/{triggerid}} (savepoints, and stopping with one: {@link SavepointHandlers}),
 * {@code GET /taskmanagers}, {@code POST /jars/upload},
 * {@code POST /jars/{jarid}/run}, {@code DELETE /jars/{jarid}}, {@code DELETE /cluster} (Flink's shutdown route: answered 202 and
 * then handed to the owner's shutdown callback; 501 when the owner gave none), and the operational
 * GETs of {@link OperationsRoutes} (metrics, backpressure, logs, thread dumps).
 *
 * <p>Threads: Netty's event loops run the pipeline and never block; gateway futures complete on
 * the dispatcher's thread and write their response from there; body parsing and jar writing run
 * on a small I/O pool. {@link #start()} and {@link #close()} are called by the owner's thread.
 */
public final class RestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

    private final Configuration config;
    private final Router router;
    private final ClusterSecret secret;
    private final ExecutorService io;
    private final RateLimitedLogger refusals = RateLimitedLogger.standard(LOG, "refused REST connections or requests");
    private ConnectionLimiter limiter;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    /**
     * @param gateway the dispatcher whose operations the endpoint offers
     * @param jarRunner runs the programs of uploaded jars
     * @param uploadDir where uploaded jars are stored (created when needed)
     * @param secret the cluster secret from which the token for mutating requests is derived
     * @param config read for {@link RestOptions}
     */
    public RestServer(
            DispatcherGateway gateway,
            JarRunner jarRunner,
            Path uploadDir,
            ClusterSecret secret,
            Configuration config) {
        this(gateway, jarRunner, uploadDir, secret, config, null);
    }

    /**
     * @param shutdownCallback what {@code DELETE /cluster} asks for: called once per request on one
     *     of the server's I/O threads, after the request was authenticated and answered, so it may
     *     close this server; null for a cluster that is not stopped through REST
     */
    public RestServer(
            DispatcherGateway gateway,
            JarRunner jarRunner,
            Path uploadDir,
            ClusterSecret secret,
            Configuration config,
            Runnable shutdownCallback) {
        this(gateway, jarRunner, uploadDir, secret, config, shutdownCallback, OperationsSources.NONE);
    }

    /** @param operations what the metric, log and thread-dump routes answer from ({@link OperationsRoutes}) */
    public RestServer(
            DispatcherGateway gateway,
            JarRunner jarRunner,
            Path uploadDir,
            ClusterSecret secret,
            Configuration config,
            Runnable shutdownCallback,
            OperationsSources operations) {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(jarRunner, "jarRunner");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.config = new Configuration(config);
        this.io = Executors.newCachedThreadPool(new DefaultThreadFactory("spindle-rest-io", true));
        JobHandlers jobs = new JobHandlers(gateway, version(), config.get(JobManagerOptions.CLUSTER_MODE));
        CheckpointHandlers checkpoints = new CheckpointHandlers(gateway);
        SavepointHandlers savepoints = new SavepointHandlers(gateway);
        SubmissionHandlers submissions = new SubmissionHandlers(gateway, jarRunner, new JarStore(uploadDir), io);
        WebResources web = new WebResources();
        ConfigHandlers configs = new ConfigHandlers(config, version());
        JobViewHandlers views = new JobViewHandlers(gateway);
        WebActionHandlers actions = new WebActionHandlers(secret, jobs::cancel, savepoints::stop);
        Router.Builder routes = Router.builder()
                .add(HttpMethod.GET, "/", web::index)
                .add(HttpMethod.GET, "/web/{file}", web::file)
                .add(HttpMethod.GET, "/config", configs::dashboard)
                .add(HttpMethod.GET, "/jobmanager/config", configs::jobManagerConfig)
                .add(HttpMethod.GET, "/jobs/{jobid}/plan", views::plan)
                .add(HttpMethod.GET, "/jobs/{jobid}/config", views::config)
                .add(HttpMethod.PUT, WebActionHandlers.CANCEL, actions::cancel)
                .add(HttpMethod.PUT, WebActionHandlers.STOP, actions::stop)
                .add(HttpMethod.GET, "/overview", jobs::overview)
                .add(HttpMethod.GET, "/jobs", jobs::jobs)
                .add(HttpMethod.POST, "/jobs", submissions::submitJobGraph)
                .add(HttpMethod.GET, "/jobs/overview", jobs::jobsOverview)
                .add(HttpMethod.GET, "/jobs/{jobid}", views::job)
                .add(HttpMethod.PATCH, "/jobs/{jobid}", jobs::cancel)
                .add(HttpMethod.PATCH, "/jobs/{jobid}/client-heartbeat", jobs::clientHeartbeat)
                .add(HttpMethod.GET, "/jobs/{jobid}/execution-result", jobs::executionResult)
                .add(HttpMethod.GET, "/jobs/{jobid}/exceptions", jobs::exceptions)
                .add(HttpMethod.GET, "/jobs/{jobid}/checkpoints", checkpoints::statistics)
                .add(HttpMethod.GET, "/jobs/{jobid}/checkpoints/config", checkpoints::config)
                .add(HttpMethod.POST, "/jobs/{jobid}/savepoints", savepoints::trigger)
                .add(HttpMethod.GET, "/jobs/{jobid}/savepoints/{triggerid}", savepoints::status)
                .add(HttpMethod.POST, "/jobs/{jobid}/stop", savepoints::stop)
                .add(HttpMethod.GET, "/taskmanagers", jobs::taskManagers)
                .add(HttpMethod.POST, "/jars/upload", submissions::upload)
                // The jar runner answers within jar.run.timeout (plus a submission under way then).
                .add(
                        HttpMethod.POST,
                        "/jars/{jarid}/run",
                        submissions::run,
                        config.get(JobManagerOptions.JAR_RUN_TIMEOUT).plus(config.get(RestOptions.REQUEST_TIMEOUT)))
                .add(HttpMethod.DELETE, "/jars/{jarid}", submissions::delete)
                .add(HttpMethod.DELETE, "/cluster", request -> shutDown(shutdownCallback));
        this.router =
                OperationsRoutes.addTo(routes, gateway, operations, io, config).build();
    }

    private CompletableFuture<RestResponse> shutDown(Runnable shutdownCallback) throws RestException {
        if (shutdownCallback == null) {
            throw new RestException(
                    HttpResponseStatus.NOT_IMPLEMENTED,
                    "this cluster is not stopped through REST; stop it the way it was started");
        }
        LOG.info("Shutdown of the cluster requested through REST");
        // Delayed a little so that the answer leaves before the owner closes this server.
        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS, io).execute(shutdownCallback);
        return CompletableFuture.completedFuture(RestResponse.accepted(Map.of()));
    }

    /** The route table, for documentation and tests. */
    public Router routes() {
        return router;
    }

    /**
     * Binds to {@code rest.bind-address}:{@code rest.port} and serves.
     *
     * @return the bound address (with the actual port when {@code rest.port} is 0)
     * @throws IOException when the address cannot be bound
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        long maxContent = config.get(RestOptions.MAX_CONTENT_LENGTH).bytes();
        if (maxContent > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(RestOptions.MAX_CONTENT_LENGTH.key() + " must be below 2 GiB");
        }
        Duration timeout = config.get(RestOptions.REQUEST_TIMEOUT);
        RouterHandler routerHandler = new RouterHandler(router, timeout);
        Duration headerTimeout = positive(RestOptions.HEADER_TIMEOUT);
        Duration idlenessTimeout = positive(RestOptions.IDLENESS_TIMEOUT);
        limiter = new ConnectionLimiter(
                "REST",
                config.get(RestOptions.CONNECTIONS_MAX),
                config.get(RestOptions.CONNECTIONS_MAX_PER_ADDRESS),
                RestOptions.CONNECTIONS_MAX.key() + ", " + RestOptions.CONNECTIONS_MAX_PER_ADDRESS.key(),
                refusals);
        bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("spindle-rest-boss", true));
        workerGroup = new NioEventLoopGroup(0, new DefaultThreadFactory("spindle-rest", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .handler(limiter)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("http", new HttpServerCodec())
                                .addLast("timeouts", new RequestTimeouts(headerTimeout, idlenessTimeout, refusals))
                                .addLast(
                                        "authentication",
                                        new AuthenticationHandler(
                                                secret,
                                                refusals,
                                                r -> WebActionHandlers.authenticatesItself(router, r)))
                                .addLast("aggregator", new BodyAggregator((int) maxContent))
                                .addLast("router", routerHandler);
                    }
                });
        InetSocketAddress requested =
                new InetSocketAddress(config.get(RestOptions.BIND_ADDRESS), config.get(RestOptions.PORT));
        try {
            serverChannel = bootstrap.bind(requested).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutDownGroups();
            throw new IOException("could not bind the REST endpoint to " + requested, e);
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("REST endpoint listening on http://{}:{}", bound.getHostString(), bound.getPort());
        return bound;
    }

    private Duration positive(ConfigOption<Duration> option) {
        Duration d = config.get(option);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option.key() + " must be positive, was " + d);
        }
        return d;
    }

    /** Connections the endpoint holds now (for tests and probes). */
    synchronized int openConnections() {
        return limiter == null ? 0 : limiter.open();
    }

    /** Stops accepting, closes the connections and waits for the event loops to end. */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        shutDownGroups();
        io.shutdownNow();
    }

    private void shutDownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup = null;
            workerGroup = null;
        }
    }

    /** The engine's version as its jar's manifest states it; "dev" when run from classes. */
    static String version() {
        String v = RestServer.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
