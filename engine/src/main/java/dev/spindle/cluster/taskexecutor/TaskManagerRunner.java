package dev.spindle.cluster.taskexecutor;

import dev.spindle.cluster.gateway.JobManagerGateway;
import dev.spindle.cluster.gateway.RegistrationResponse;
import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.cluster.gateway.TaskManagerRegistration;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.network.netty.NettyShuffleEnvironment;
import dev.spindle.rpc.RpcClient;
import dev.spindle.rpc.RpcConfig;
import dev.spindle.rpc.RpcServer;
import dev.spindle.security.ClusterSecret;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a TaskManager: its {@link TaskExecutor}, data plane, RPC endpoint, registration with the
 * JobManager and heartbeats. A TaskManager that stops hearing the JobManager for the heartbeat
 * timeout cancels its tasks and reports it through {@code onJobManagerLost} (a process exits).
 */
public final class TaskManagerRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerRunner.class);

    private final TaskExecutor executor;
    private final NettyShuffleEnvironment shuffle;
    private final RpcServer server;
    private final RpcClient client;
    private final ScheduledExecutorService heartbeats;
    private volatile InetSocketAddress dataAddress;

    private TaskManagerRunner(
            TaskExecutor executor,
            NettyShuffleEnvironment shuffle,
            RpcServer server,
            RpcClient client,
            ScheduledExecutorService heartbeats) {
        this.executor = executor;
        this.shuffle = shuffle;
        this.server = server;
        this.client = client;
        this.heartbeats = heartbeats;
    }

    /**
     * Starts a TaskManager and registers it with the JobManager at {@code jobManager}.
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
        TaskExecutor executor = new TaskExecutor(resourceId, slots, TaskManagerRunner.class.getClassLoader());
        NettyShuffleEnvironment shuffle = new NettyShuffleEnvironment(config, secret, executor::locate);
        RpcConfig rpcConfig = RpcConfig.from(config);
        RpcServer server = new RpcServer(secret, rpcConfig);
        RpcClient client = new RpcClient(secret, rpcConfig);
        ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Spindle TaskManager heartbeat " + resourceId);
            t.setDaemon(true);
            return t;
        });
        TaskManagerRunner runner = new TaskManagerRunner(executor, shuffle, server, client, heartbeats);
        try {
            InetSocketAddress data = shuffle.start(bindHost);
            runner.dataAddress = data;
            InetSocketAddress rpc = server.bind(bindHost, 0);
            server.register(
                    TaskExecutorGateway.ENDPOINT,
                    TaskExecutorGateway.class,
                    executor,
                    Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "Spindle TaskManager rpc " + resourceId);
                        t.setDaemon(true);
                        return t;
                    }));
            long registrationTimeout =
                    config.get(ClusterOptions.TASK_MANAGER_REGISTRATION_TIMEOUT).toMillis();
            JobManagerGateway jm = client.connect(jobManager, JobManagerGateway.ENDPOINT, JobManagerGateway.class)
                    .get(registrationTimeout, TimeUnit.MILLISECONDS);
            executor.connect(shuffle, jm);
            RegistrationResponse response = jm.registerTaskManager(new TaskManagerRegistration(
                            resourceId,
                            rpc.getHostString(),
                            rpc.getPort(),
                            data.getHostString(),
                            data.getPort(),
                            slots))
                    .get(registrationTimeout, TimeUnit.MILLISECONDS);
            if (!response.accepted()) {
                throw new IllegalStateException(
                        "the JobManager refused TaskManager " + resourceId + ": " + response.reason());
            }
            LOG.info("TaskManager {} registered with the JobManager at {}", resourceId, jobManager);
            long interval = response.heartbeatIntervalMillis();
            long timeout = response.heartbeatTimeoutMillis();
            heartbeats.scheduleWithFixedDelay(
                    new Runnable() {
                        private boolean lost;

                        @Override
                        public void run() {
                            jm.heartbeatFromTaskManager(resourceId, executor.freeSlots());
                            long silent = System.currentTimeMillis() - executor.lastJobManagerHeartbeat();
                            if (!lost && silent > timeout) {
                                lost = true;
                                LOG.error(
                                        "TaskManager {}: no heartbeat from the JobManager for {} ms; cancelling all tasks",
                                        resourceId,
                                        silent);
                                executor.cancelAll();
                                onJobManagerLost.run();
                            }
                        }
                    },
                    interval,
                    interval,
                    TimeUnit.MILLISECONDS);
            return runner;
        } catch (Exception e) {
            runner.close();
            throw e;
        }
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

    /** Logs why the TaskManager goes (so that its log ends with the reason), then closes it. */
    public void shutDown(String reason) {
        LOG.info("TaskManager {} shutting down: {}", executor.resourceId(), reason);
        close();
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        executor.cancelAll();
        client.close();
        server.close();
        shuffle.close();
    }
}
