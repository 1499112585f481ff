package dev.spindle.cluster;

import dev.spindle.cluster.gateway.JobManagerGateway;
import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.cluster.resourcemanager.ResourceManager;
import dev.spindle.config.Configuration;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.jobmanager.JobPersistence;
import dev.spindle.jobmanager.ProgramJarRunner;
import dev.spindle.jobmanager.TaskManagerDetails;
import dev.spindle.metrics.dump.MetricDumpSource;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.rest.OperationsSources;
import dev.spindle.rest.RestJobArchiver;
import dev.spindle.rest.RestServer;
import dev.spindle.rpc.RpcClient;
import dev.spindle.rpc.RpcConfig;
import dev.spindle.rpc.RpcServer;
import dev.spindle.security.ClusterSecret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Wires a JobManager: dispatcher, cluster deployer, resource manager (with a driver that starts
 * TaskManagers, or none for a fixed set), the RPC endpoint TaskManagers register with and, when
 * asked, the REST endpoint clients use. Closing stops them in the reverse order.
 */
public final class JobManagerRunner implements AutoCloseable {

    private final Configuration config;
    private final ClusterSecret secret;
    private final Dispatcher dispatcher;
    private final ResourceManager resourceManager;
    private final RpcServer server;
    private final RpcClient client;
    private final InetSocketAddress rpcAddress;
    private ProgramJarRunner jarRunner;
    private JobPersistence persistence;
    private boolean ownsPersistence;
    private RestServer rest;
    private JobManagerProcessMetrics metrics;

    private JobManagerRunner(
            Configuration config,
            ClusterSecret secret,
            Dispatcher dispatcher,
            ResourceManager resourceManager,
            RpcServer server,
            RpcClient client,
            InetSocketAddress rpcAddress) {
        this.config = config;
        this.secret = secret;
        this.dispatcher = dispatcher;
        this.resourceManager = resourceManager;
        this.server = server;
        this.client = client;
        this.rpcAddress = rpcAddress;
    }

    /**
     * Starts a JobManager whose RPC endpoint binds to {@code bindHost} on a free port.
     *
     * @param drivers makes the resource driver from the RPC address (which the workers it starts
     *     must be told); null, or returning null, for a cluster of TaskManagers started elsewhere or
     *     for one whose driver comes later ({@link #startResourceDriver})
     */
    public static JobManagerRunner start(
            Configuration config,
            ClusterSecret secret,
            Function<InetSocketAddress, ResourceDriver> drivers,
            String bindHost)
            throws Exception {
        JobPersistence persistence = JobPersistence.inMemory(config);
        try {
            JobManagerRunner runner = start(
                    config,
                    secret,
                    drivers,
                    bindHost,
                    java.util.UUID.randomUUID().toString(),
                    persistence);
            runner.ownsPersistence = true;
            return runner;
        } catch (Exception e) {
            persistence.close();
            throw e;
        }
    }

    /**
     * Starts the JobManager of one leadership (high availability): {@code fencingToken} is the
     * leadership's session id, which TaskManagers check on every call, and {@code persistence} keeps
     * the jobs for the next leader (its owner closes it).
     */
    public static JobManagerRunner start(
            Configuration config,
            ClusterSecret secret,
            Function<InetSocketAddress, ResourceDriver> drivers,
            String bindHost,
            String fencingToken,
            JobPersistence persistence)
            throws Exception {
        // First: a reporter option that cannot be used fails the start before anything is bound.
        MetricRegistry registry = MetricRegistry.create(config);
        try {
            JobManagerRunner runner = startServices(config, secret, drivers, bindHost, fencingToken, persistence);
            runner.metrics = JobManagerProcessMetrics.register(registry, bindHost, runner.dispatcher);
            return runner;
        } catch (Exception | Error e) {
            registry.close();
            throw e;
        }
    }

    private static JobManagerRunner startServices(
            Configuration config,
            ClusterSecret secret,
            Function<InetSocketAddress, ResourceDriver> drivers,
            String bindHost,
            String fencingToken,
            JobPersistence persistence)
            throws Exception {
        RpcConfig rpcConfig = RpcConfig.from(config);
        RpcServer server = new RpcServer(secret, rpcConfig);
        RpcClient client = new RpcClient(secret, rpcConfig);
        try {
            // Bound first: the driver passes this address to the TaskManagers it starts. Nothing is
            // registered yet, so an early caller only learns that the endpoint does not exist.
            InetSocketAddress address = server.bind(bindHost, 0);
            ResourceDriver driver = drivers == null ? null : drivers.apply(address);
            ClusterTaskDeployer deployer = new ClusterTaskDeployer(config);
            ResourceManager rm = new ResourceManager(
                    config,
                    fencingToken,
                    driver,
                    r -> client.connect(
                            new InetSocketAddress(r.rpcHost(), r.rpcPort()),
                            TaskExecutorGateway.ENDPOINT,
                            TaskExecutorGateway.class),
                    deployer::onTaskManagerLost);
            rm.setLeadershipCheck(persistence::leads);
            deployer.setResourceManager(rm);
            client.onConnectionClosed(rm::connectionClosed);
            Dispatcher dispatcher = new Dispatcher(
                    config, deployer, JobManagerRunner.class.getClassLoader(), () -> taskManagersOf(rm), persistence);
            server.register(JobManagerGateway.ENDPOINT, JobManagerGateway.class, deployer, rm.mainThread());
            JobManagerRunner runner =
                    new JobManagerRunner(new Configuration(config), secret, dispatcher, rm, server, client, address);
            runner.persistence = persistence;
            return runner;
        } catch (Exception e) {
            client.close();
            server.close();
            throw e;
        }
    }

    private static List<TaskManagerDetails> taskManagersOf(ResourceManager rm) {
        try {
            return rm.taskManagers().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the resource manager did not answer: " + e, e);
        }
    }

    /**
     * Starts the REST endpoint on {@code rest.bind-address}:{@code rest.port}; jars uploaded to it
     * are kept in {@code uploadDirectory}.
     *
     * @return the bound address
     */
    public InetSocketAddress startRestEndpoint(Path uploadDirectory) throws IOException {
        return startRestEndpoint(uploadDirectory, null);
    }

    /**
     * Starts the REST endpoint as {@link #startRestEndpoint(Path)} does, with {@code DELETE /cluster}
     * calling {@code shutdownCallback} (on a REST I/O thread; it may close this runner).
     */
    public synchronized InetSocketAddress startRestEndpoint(Path uploadDirectory, Runnable shutdownCallback)
            throws IOException {
        if (rest != null) {
            throw new IllegalStateException("the REST endpoint is already started");
        }
        jarRunner = new ProgramJarRunner(dispatcher, config, JobManagerRunner.class.getClassLoader());
        // The JobManager's own metrics, and its log directory: the launcher's.
        OperationsSources operations = new OperationsSources(
                resourceManager.taskManagerOperations(),
                metricDumps(),
                dev.spindle.ops.LogDirectory.fromSystemProperties());
        rest = new RestServer(dispatcher, jarRunner, uploadDirectory, secret, config, shutdownCallback, operations);
        String archiveDir = config.get(JobManagerOptions.ARCHIVE_DIR);
        if (archiveDir != null && !archiveDir.isBlank()) {
            // Jobs that end from now on are archived from the views this endpoint answers.
            dispatcher.setArchiver(new RestJobArchiver(rest.routes(), archiveDir.trim()));
        }
        try {
            return rest.start();
        } catch (IOException | RuntimeException e) {
            rest.close();
            jarRunner.close();
            rest = null;
            jarRunner = null;
            throw e;
        }
    }

    /**
     * Gives a JobManager started without a driver its driver, which starts TaskManagers from now on
     * (see {@link ResourceManager#startDriver}): for a driver that needs the REST endpoint's address.
     */
    public void startResourceDriver(ResourceDriver driver) throws Exception {
        resourceManager.startDriver(driver);
    }

    /**
     * As {@link #startResourceDriver(ResourceDriver)}, with {@code onDriverError} told when the
     * driver cannot go on (see {@link ResourceManager#startDriver(ResourceDriver, java.util.function.Consumer)}).
     */
    public void startResourceDriver(ResourceDriver driver, java.util.function.Consumer<Throwable> onDriverError)
            throws Exception {
        resourceManager.startDriver(driver, onDriverError);
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * The JobManager's metrics (its process and its jobs), which the REST endpoint answers the
     * JobManager's and jobs' metric routes from.
     */
    public MetricDumpSource metricDumps() {
        return metrics.registry();
    }

    /** The JobManager's metric registry; for tests and reporters' ports. */
    public MetricRegistry metricRegistry() {
        return metrics.registry();
    }

    /** The fencing token of this JobManager's leadership, which its calls to TaskManagers carry. */
    public String fencingToken() {
        return resourceManager.fencingToken();
    }

    /** Where TaskManagers register. */
    public InetSocketAddress rpcAddress() {
        return rpcAddress;
    }

    /** Stops the JobManager and the TaskManagers its resource driver started. */
    @Override
    public void close() {
        close(false);
    }

    /**
     * Stops the JobManager of a leadership that was lost, leaving its TaskManagers running for the
     * next leader (a new YARN application attempt adopts the containers; they follow the leader in
     * ZooKeeper and register with it). Stopping them would cost the next leader new TaskManagers.
     */
    public void closeKeepingTaskManagers() {
        close(true);
    }

    private synchronized void close(boolean keepTaskManagers) {
        if (rest != null) {
            rest.close();
            jarRunner.close();
        }
        if (persistence.services().isEnabled()) {
            // Its jobs outlive it: the next leader resumes them from their latest checkpoints.
            dispatcher.suspendAll();
        } else {
            dispatcher.cancelAll();
        }
        try {
            if (keepTaskManagers) {
                resourceManager.closeKeepingWorkers();
            } else {
                resourceManager.close();
            }
        } finally {
            client.close();
            server.close();
            if (ownsPersistence) {
                persistence.close();
            }
            metrics.close(); // frees the reporters' ports and threads
        }
    }
}
