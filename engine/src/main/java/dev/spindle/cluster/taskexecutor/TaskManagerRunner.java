package dev.spindle.cluster.taskexecutor;

import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.cluster.gateway.TaskManagerRegistration;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.LeaderRetrieval;
import dev.spindle.ha.LeaderRetrievalListener;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.MetricGroup;
import dev.spindle.metrics.dump.MetricDumpSource;
import dev.spindle.metrics.groups.JvmMetrics;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.network.NetworkBufferBudget;
import dev.spindle.network.netty.NettyShuffleEnvironment;
import dev.spindle.rpc.RpcClient;
import dev.spindle.rpc.RpcConfig;
import dev.spindle.rpc.RpcServer;
import dev.spindle.security.ClusterSecret;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a TaskManager: its {@link TaskExecutor}, data plane, RPC endpoint, and its tie to the
 * JobManager ({@link JobManagerConnector}: registration and heartbeats). Without high availability a
 * TaskManager that stops hearing its JobManager for the heartbeat timeout cancels its tasks and
 * reports it through {@code onJobManagerLost} (a process exits); with it, the TaskManager follows the
 * leader and serves whichever JobManager leads next.
 */
public final class TaskManagerRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerRunner.class);

    private final TaskExecutor executor;
    private final NettyShuffleEnvironment shuffle;
    private final RpcServer server;
    private final RpcClient client;
    private final ScheduledExecutorService heartbeats;
    private final MetricRegistry metrics;
    private volatile InetSocketAddress dataAddress;
    private volatile InetSocketAddress rpcAddress;
    private volatile int slots;
    /** Followed with high availability; null for a fixed JobManager. */
    private volatile LeaderRetrieval leaders;

    private TaskManagerRunner(
            TaskExecutor executor,
            NettyShuffleEnvironment shuffle,
            RpcServer server,
            RpcClient client,
            ScheduledExecutorService heartbeats,
            MetricRegistry metrics) {
        this.metrics = metrics;
        this.executor = executor;
        this.shuffle = shuffle;
        this.server = server;
        this.client = client;
        this.heartbeats = heartbeats;
    }

    /**
     * Starts a TaskManager and registers it with the JobManager at {@code jobManager}, the only one
     * it will serve (no high availability): a failed registration fails the start.
     *
     * @param onJobManagerLost run (once) when the JobManager is silent for the heartbeat timeout
     */
    public static TaskManagerRunner start(
            Configuration config,
            ClusterSecret secret,
            String resourceId,
            int slots,
            InetSocketAddress jobManager,
            String bindHost,
            Runnable onJobManagerLost)
            throws Exception {
        TaskManagerRunner runner = create(config, secret, resourceId, slots, bindHost);
        try {
            JobManagerConnector connector = runner.connector(config, false, onJobManagerLost);
            // The fixed JobManager's session id is not known here: the registration's answer gives the token.
            connector.registerNow(new LeaderInformation(
                    new java.util.UUID(0, 0), jobManager.getHostString() + ":" + jobManager.getPort(), null));
            connector.start(config.get(ClusterOptions.HEARTBEAT_INTERVAL).toMillis());
            return runner;
        } catch (Exception e) {
            runner.close();
            throw e;
        }
    }

    /**
     * Starts a TaskManager that serves whichever JobManager {@code leaders} says leads (high
     * availability): it registers with each new leader, lets go of a deposed or silent one (its tasks
     * cancelled), and gives up through {@code onNoJobManager} only after serving none for
     * {@code taskmanager.registration.timeout}. Returns at once; registration happens in the background.
     *
     * @param leaders started here; closed with the TaskManager
     */
    public static TaskManagerRunner start(
            Configuration config,
            ClusterSecret secret,
            String resourceId,
            int slots,
            LeaderRetrieval leaders,
            String bindHost,
            Runnable onNoJobManager)
            throws Exception {
        TaskManagerRunner runner = create(config, secret, resourceId, slots, bindHost);
        try {
            JobManagerConnector connector = runner.connector(config, true, onNoJobManager);
            connector.start(
                    Math.min(500, config.get(ClusterOptions.HEARTBEAT_INTERVAL).toMillis()));
            runner.leaders = leaders;
            leaders.start(new LeaderRetrievalListener() {
                @Override
                public void notifyLeaderAddress(LeaderInformation leaderOrNull) {
                    connector.leaderChanged(leaderOrNull);
                }

                @Override
                public void handleError(Throwable error) {
                    LOG.error(
                            "TaskManager {}: following the JobManager's leader failed: {}",
                            resourceId,
                            error.toString());
                    connector.leaderChanged(null);
                }
            });
            return runner;
        } catch (Exception e) {
            runner.close();
            throw e;
        }
    }

    /** The TaskManager's parts, its data plane and RPC endpoint started; not yet registered anywhere. */
    private static TaskManagerRunner create(
            Configuration config, ClusterSecret secret, String resourceId, int slots, String bindHost)
            throws Exception {
        // First: a reporter option that cannot be used fails the start before anything is bound.
        MetricRegistry metrics = MetricRegistry.create(config);
        TaskExecutor executor;
        NettyShuffleEnvironment shuffle;
        try {
            // The log directory is the launcher's.
            executor = new TaskExecutor(
                    resourceId,
                    slots,
                    TaskManagerRunner.class.getClassLoader(),
                    metrics,
                    bindHost,
                    dev.spindle.ops.LogDirectory.fromSystemProperties());
            shuffle = new NettyShuffleEnvironment(config, secret, executor::locate);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        RpcConfig rpcConfig = RpcConfig.from(config);
        RpcServer server = new RpcServer(secret, rpcConfig);
        RpcClient client = new RpcClient(secret, rpcConfig);
        ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Spindle TaskManager heartbeat " + resourceId);
            t.setDaemon(true);
            return t;
        });
        TaskManagerRunner runner = new TaskManagerRunner(executor, shuffle, server, client, control, metrics);
        try {
            registerProcessMetrics(executor.metricGroup(), shuffle.budget());
            runner.dataAddress = shuffle.start(bindHost);
            runner.rpcAddress = server.bind(bindHost, 0);
            server.register(
                    TaskExecutorGateway.ENDPOINT,
                    TaskExecutorGateway.class,
                    executor,
                    Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "Spindle TaskManager rpc " + resourceId);
                        t.setDaemon(true);
                        return t;
                    }));
            runner.slots = slots;
            return runner;
        } catch (Exception e) {
            runner.close();
            throw e;
        }
    }

    /** The TaskManager's own metrics: its JVM's and its network buffers'. */
    private static void registerProcessMetrics(MetricGroup group, NetworkBufferBudget buffers) {
        JvmMetrics.register(group);
        MetricGroup netty = group.addGroup("Status").addGroup("Shuffle").addGroup("Netty");
        netty.gauge("AvailableMemorySegments", (Gauge<Integer>) buffers::available);
        netty.gauge("TotalMemorySegments", (Gauge<Integer>) buffers::total);
    }

    private JobManagerConnector connector(Configuration config, boolean followsLeaders, Runnable onGiveUp) {
        TaskManagerRegistration registration = new TaskManagerRegistration(
                executor.resourceId(),
                rpcAddress.getHostString(),
                rpcAddress.getPort(),
                dataAddress.getHostString(),
                dataAddress.getPort(),
                slots);
        return new JobManagerConnector(
                executor,
                shuffle,
                client,
                registration,
                heartbeats,
                config.get(ClusterOptions.TASK_MANAGER_REGISTRATION_TIMEOUT).toMillis(),
                followsLeaders,
                onGiveUp);
    }

    /** Where this TaskManager serves its partitions; consumers name it by this address. */
    public InetSocketAddress dataAddress() {
        return dataAddress;
    }

    /** The network buffers of this TaskManager, for tests and metrics. */
    public dev.spindle.network.NetworkBufferBudget networkBuffers() {
        return shuffle.budget();
    }

    public TaskExecutor executor() {
        return executor;
    }

    /** This TaskManager's metrics (its process, jobs, tasks and operators), for the REST endpoint. */
    public MetricDumpSource metricDumps() {
        return metrics;
    }

    /** This TaskManager's metric registry; for tests and reporters' ports. */
    public MetricRegistry metricRegistry() {
        return metrics;
    }

    /** Logs why the TaskManager goes (so that its log ends with the reason), then closes it. */
    public void shutDown(String reason) {
        LOG.info("TaskManager {} shutting down: {}", executor.resourceId(), reason);
        close();
    }

    @Override
    public void close() {
        LeaderRetrieval following = leaders;
        if (following != null) {
            following.close();
        }
        heartbeats.shutdownNow();
        executor.cancelAll();
        client.close();
        server.close();
        shuffle.close();
        executor.metricGroup().close();
        metrics.close(); // frees the reporters' ports and threads
    }
}
