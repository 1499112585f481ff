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
 * A task deployment whose RPC fails fails the job (there are no restarts), with a cause that names
 * the TaskManager, well before the heartbeat timeout would have noticed that TaskManager. The
 * JobManager is real and so are the sockets: the TaskManager registers over RPC, then its RPC port
 * closes (its process is wedged, or a firewall cut it off) while the JobManager still counts its slot.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeploymentFailureTest {
    private static final String TASK_MANAGER = "tm-unreachable";
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterSecret secret = ClusterSecret.generate();
    private JobManagerRunner jobManager;
    private RpcClient taskManagerClient;

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
        taskManagerClient.close();
        jobManager.close();
    }

    /** Registers a TaskManager of one slot whose RPC endpoint then goes away; returns its former address. */
    private InetSocketAddress registerThenCloseRpcPort() throws Exception {
        TaskExecutor executor = new TaskExecutor(TASK_MANAGER, 1, getClass().getClassLoader());
        RpcServer server = new RpcServer(secret);
        try {
            InetSocketAddress rpc = server.bind("127.0.0.1", 0);
            server.register(TaskExecutorGateway.ENDPOINT, TaskExecutorGateway.class, executor);
            JobManagerGateway gateway = taskManagerClient
                    .connect(jobManager.rpcAddress(), JobManagerGateway.ENDPOINT, JobManagerGateway.class)
                    .get(10, TimeUnit.SECONDS);
            executor.connect(new LocalShuffleEnvironment(new Configuration()), gateway);
            RegistrationResponse response = gateway.registerTaskManager(new TaskManagerRegistration(
                            TASK_MANAGER, rpc.getHostString(), rpc.getPort(), "127.0.0.1", 1, 1))
                    .get(10, TimeUnit.SECONDS);
            assertTrue(response.accepted(), response.reason());
            return rpc;
        } finally {
            server.close(); // the port and the JobManager's connection to it are gone
        }
    }

    @Test
    void aFailedDeploymentRpcFailsTheJobNamingTheTaskManager() throws Exception {
        InetSocketAddress rpc = registerThenCloseRpcPort();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG).addSink(v -> {});
        JobGraph graph = env.getJobGraph("never deployed");
        long start = System.nanoTime();
        jobManager.dispatcher().submitJob(graph, List.of()).get(10, TimeUnit.SECONDS);
        JobResultInfo result;
        while (!(result =
                        jobManager.dispatcher().requestJobResult(graph.jobId()).get())
                .status()
                .isTerminal()) {
            Thread.sleep(20);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(JobStatus.FAILED, result.status());
        String vertex = graph.vertices().get(0).name();
        assertTrue(
                result.failure().contains("could not deploy " + vertex + " (1/1) to " + TASK_MANAGER + ": "),
                result.failure());
        assertTrue(result.failure().contains(String.valueOf(rpc.getPort())), "names the address: " + result.failure());
        assertTrue(
                millis < HEARTBEAT_TIMEOUT.toMillis() / 2,
                "failed after " + millis + " ms: the heartbeat timeout " + "(30 s), not the deployment, ended the job");
    }
}
