package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.cluster.gateway.JobManagerGateway;
import dev.spindle.cluster.gateway.RegistrationResponse;
import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.cluster.gateway.TaskManagerRegistration;
import dev.spindle.cluster.taskexecutor.TaskExecutor;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.jobmanager.JobResultInfo;
import dev.spindle.network.LocalShuffleEnvironment;
import dev.spindle.rpc.RpcClient;
import dev.spindle.rpc.RpcServer;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TaskManager whose RPC port closes (its process died, is wedged, or a firewall cut it off) is
 * lost at once, well before the heartbeat timeout: the JobManager probes it when its connection
 * closes, and a TaskManager that refuses a new connection is gone. Its slots are no longer
 * offered, and a job that ran on it fails (there are no restarts) with a cause that names it. The
 * JobManager is real and so are the sockets.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeploymentFailureTest {
    private static final String TASK_MANAGER = "tm-unreachable";
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterSecret secret = ClusterSecret.generate();
    private JobManagerRunner jobManager;
    private RpcClient taskManagerClient;
    private TaskExecutor executor;
    private RpcServer server;

    @BeforeEach
    void startJobManager() throws Exception {
        Configuration config = new Configuration();
        config.set(ClusterOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(200));
        config.set(ClusterOptions.HEARTBEAT_TIMEOUT, HEARTBEAT_TIMEOUT);
        config.set(ClusterOptions.SLOT_REQUEST_TIMEOUT, Duration.ofSeconds(20));
        jobManager = JobManagerRunner.start(config, secret, null, "127.0.0.1");
        taskManagerClient = new RpcClient(secret);
    }

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.cancelAll();
        }
        if (server != null) {
            server.close();
        }
        taskManagerClient.close();
        jobManager.close();
    }

    /** Registers a TaskManager of one slot, in this JVM; returns its RPC address. */
    private InetSocketAddress register() throws Exception {
        executor = new TaskExecutor(TASK_MANAGER, 1, getClass().getClassLoader());
        server = new RpcServer(secret);
        InetSocketAddress rpc = server.bind("127.0.0.1", 0);
        server.register(TaskExecutorGateway.ENDPOINT, TaskExecutorGateway.class, executor);
        JobManagerGateway gateway = taskManagerClient
                .connect(jobManager.rpcAddress(), JobManagerGateway.ENDPOINT, JobManagerGateway.class)
                .get(10, TimeUnit.SECONDS);
        RegistrationResponse response = gateway.registerTaskManager(new TaskManagerRegistration(
                        TASK_MANAGER, rpc.getHostString(), rpc.getPort(), "127.0.0.1", 1, 1))
                .get(10, TimeUnit.SECONDS);
        assertTrue(response.accepted(), response.reason());
        executor.connect(new LocalShuffleEnvironment(new Configuration()), gateway, response.fencingToken());
        return rpc;
    }

    @Test
    void aTaskManagerWhoseRpcPortClosesIsLostAtOnce() throws Exception {
        register();
        assertEquals(
                1,
                jobManager
                        .dispatcher()
                        .listTaskManagers()
                        .get(10, TimeUnit.SECONDS)
                        .size());
        long start = System.nanoTime();
        server.close(); // the port and the JobManager's connection to it are gone
        while (!jobManager
                .dispatcher()
                .listTaskManagers()
                .get(10, TimeUnit.SECONDS)
                .isEmpty()) {
            Thread.sleep(20);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < HEARTBEAT_TIMEOUT.toMillis() / 2, "lost after " + millis + " ms: the heartbeat timeout");
    }

    @Test
    void aJobOnATaskManagerWhoseRpcPortClosesFailsNamingIt() throws Exception {
        InetSocketAddress rpc = register();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 1_000).addSink(v -> {});
        JobGraph graph = env.getJobGraph("loses its TaskManager");
        jobManager.dispatcher().submitJob(graph, List.of()).get(10, TimeUnit.SECONDS);
        while (jobManager.dispatcher().requestJob(graph.jobId()).get().allTasksRunningMillis() < 0) {
            Thread.sleep(20);
        }
        long start = System.nanoTime();
        server.close();
        JobResultInfo result;
        while (!(result =
                        jobManager.dispatcher().requestJobResult(graph.jobId()).get())
                .status()
                .isTerminal()) {
            Thread.sleep(20);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(JobStatus.FAILED, result.status());
        assertTrue(result.failure().contains("TaskManager " + TASK_MANAGER + " at "), result.failure());
        assertTrue(result.failure().contains(String.valueOf(rpc.getPort())), "names the address: " + result.failure());
        assertTrue(millis < HEARTBEAT_TIMEOUT.toMillis() / 2, "failed after " + millis + " ms: the heartbeat timeout");
    }
}
