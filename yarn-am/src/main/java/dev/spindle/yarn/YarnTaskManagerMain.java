package dev.spindle.yarn;

import dev.spindle.cluster.EntrypointArgs;
import dev.spindle.cluster.TaskManagerMain;
import dev.spindle.cluster.TaskManagerRunner;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.UserSystemExits;
import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.spec.ClusterSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskManager process in a YARN container: {@code --jobmanager HOST:PORT --slots N
 * [--worker-id ID] [--config-file FILE]}, the configuration in the localized {@code FILE}, never on
 * the command line. The worker id defaults to the container's id
 * ({@code CONTAINER_ID}); the TaskManager binds to its NodeManager's host ({@code NM_HOST}); the
 * cluster secret comes from the container's YARN credentials ({@link ClusterSpec#SECRET_ALIAS}), never
 * from a file or the command line. Otherwise it is {@link TaskManagerMain}, with its exit codes:
 * 0 stopped, 1 could not start, 2 bad arguments, 3 lost the JobManager.
 */
public final class YarnTaskManagerMain {
    private static final Logger LOG = LoggerFactory.getLogger(YarnTaskManagerMain.class);

    private YarnTaskManagerMain() {
    }

    public static void main(String[] args) {
        String id;
        int slots;
        InetSocketAddress jobManager;
        Configuration config;
        try {
            EntrypointArgs parsed = EntrypointArgs.parse(args, Set.of("worker-id", "slots", "jobmanager"));
            id = parsed.optional("worker-id", System.getenv("CONTAINER_ID"));
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("--worker-id is required outside a YARN container");
            }
            slots = parsed.requiredInt("slots");
            jobManager = EntrypointArgs.hostAndPort(parsed.required("jobmanager"), "--jobmanager");
            config = parsed.configuration();
        } catch (IllegalArgumentException e) {
            System.err.println("TaskManager: " + e.getMessage());
            System.exit(TaskManagerMain.EXIT_USAGE);
            return;
        }
        UserSystemExits.install(config.get(ClusterOptions.INTERCEPT_USER_SYSTEM_EXIT));
        String bindHost = System.getenv().getOrDefault("NM_HOST", "0.0.0.0");
        CountDownLatch lost = new CountDownLatch(1);
        TaskManagerRunner runner;
        try {
            runner = TaskManagerRunner.start(config, secretFromCredentials(), id, slots, jobManager, bindHost,
                    lost::countDown);
        } catch (Exception e) {
            LOG.error("TaskManager {} could not start", id, e);
            System.exit(TaskManagerMain.EXIT_START_FAILED);
            return;
        }
        // Why the process ends, for the last line of its log: a signal, unless the JobManager was lost first.
        java.util.concurrent.atomic.AtomicReference<String> reason = new java.util.concurrent.atomic.AtomicReference<>(
                "the process was asked to stop (SIGTERM: the cluster or its container ends)");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> runner.shutDown(reason.get()), "Spindle TaskManager shutdown"));
        LOG.info("TaskManager {} running on {} ({} slots, data plane at {})", id, bindHost, slots, runner.dataAddress());
        try {
            lost.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.error("TaskManager {} lost its JobManager at {}; exiting", id, jobManager);
        reason.set("it lost its JobManager at " + jobManager);
        System.exit(TaskManagerMain.EXIT_JOB_MANAGER_LOST);
    }

    /** The cluster secret among the current user's credentials (a container's come from its token file). */
    static ClusterSecret secretFromCredentials() throws IOException {
        byte[] key = UserGroupInformation.getCurrentUser().getCredentials().getSecretKey(new Text(ClusterSpec.SECRET_ALIAS));
        if (key == null) {
            throw new IOException("the container's YARN credentials hold no cluster secret (alias "
                    + ClusterSpec.SECRET_ALIAS + "); the client must add it when it submits the application");
        }
        return ClusterSecret.of(key);
    }
}
