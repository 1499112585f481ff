package dev.spindle.cluster;

import dev.spindle.config.Configuration;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.rpc.RpcClient;
import dev.spindle.rpc.RpcServer;
import dev.spindle.security.ClusterSecret;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Wires a JobManager: dispatcher, cluster deployer, resource manager (with a driver that starts
 * TaskManagers, or none for a fixed set) and the RPC endpoint TaskManagers register with.
 */
public final class JobManagerRunner implements AutoCloseable {
    public static final String ENDPOINT = "jobmanager";

    private final Dispatcher dispatcher;
    private final ResourceManager resourceManager;
    private final RpcServer server;
    private final RpcClient client;
    private final InetSocketAddress rpcAddress;

    private JobManagerRunner(Dispatcher dispatcher, ResourceManager resourceManager, RpcServer server, RpcClient client,
            InetSocketAddress rpcAddress) {
        this.dispatcher = dispatcher;
        this.resourceManager = resourceManager;
        this.server = server;
        this.client = client;
        this.rpcAddress = rpcAddress;
    }

    public static JobManagerRunner start(Configuration config, ClusterSecret secret, ResourceDriver driver, String bindHost)
            throws Exception {
        RpcServer server = new RpcServer(secret);
        RpcClient client = new RpcClient(secret);
        try {
            ClusterTaskDeployer deployer = new ClusterTaskDeployer(config);
            ResourceManager rm = new ResourceManager(config, driver,
                    r -> client.connect(new InetSocketAddress(r.rpcHost(), r.rpcPort()), TaskManagerRunner.ENDPOINT,
                            TaskExecutorGateway.class),
                    deployer::onTaskManagerLost);
            deployer.setResourceManager(rm);
            Dispatcher dispatcher = new Dispatcher(config, deployer, JobManagerRunner.class.getClassLoader(),
                    () -> taskManagersOf(rm));
            InetSocketAddress address = server.bind(bindHost, 0);
            server.register(ENDPOINT, JobManagerGateway.class, deployer, rm.mainThread());
            return new JobManagerRunner(dispatcher, rm, server, client, address);
        } catch (Exception e) {
            client.close();
            server.close();
            throw e;
        }
    }

    private static List<dev.spindle.jobmanager.TaskManagerDetails> taskManagersOf(ResourceManager rm) {
        try {
            return rm.taskManagers().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the resource manager did not answer: " + e, e);
        }
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Where TaskManagers register. */
    public InetSocketAddress rpcAddress() {
        return rpcAddress;
    }

    @Override
    public void close() {
        dispatcher.cancelAll();
        try {
            resourceManager.close();
        } finally {
            client.close();
            server.close();
        }
    }
}
