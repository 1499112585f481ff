package dev.spindle.cluster;

import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.UserSystemExits;
import dev.spindle.security.ClusterSecret;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskManager process: {@code --worker-id ID --slots N --jobmanager HOST:PORT [--bind-host HOST]
 * [--config-file FILE]}, with the cluster secret in the file that {@value ClusterSecret#FILE_ENV} names
 * and the configuration in {@code FILE} ({@link ConfigurationFile}), both never on the command line. It registers with the JobManager and runs until it is stopped
 * (SIGTERM) or loses the JobManager.
 *
 * <p>Exit codes: 0 stopped, 1 could not start, 2 bad arguments, 3 lost the JobManager.
 */
public final class TaskManagerMain {
    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerMain.class);
    public static final int EXIT_START_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_JOB_MANAGER_LOST = 3;

    private TaskManagerMain() {
    }

    public static void main(String[] args) {
        String id;
        int slots;
        InetSocketAddress jobManager;
        String bindHost;
        Configuration config;
        try {
            EntrypointArgs parsed = EntrypointArgs.parse(args, Set.of("worker-id", "slots", "jobmanager", "bind-host"));
            id = parsed.required("worker-id");
            slots = parsed.requiredInt("slots");
            jobManager = EntrypointArgs.hostAndPort(parsed.required("jobmanager"), "--jobmanager");
            bindHost = parsed.optional("bind-host", "127.0.0.1");
            config = parsed.configuration();
        } catch (IllegalArgumentException e) {
            System.err.println("TaskManager: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        UserSystemExits.install(config.get(ClusterOptions.INTERCEPT_USER_SYSTEM_EXIT));
        CountDownLatch lost = new CountDownLatch(1);
        TaskManagerRunner runner;
        try {
            ClusterSecret secret = readSecret();
            runner = TaskManagerRunner.start(config, secret, id, slots, jobManager, bindHost, lost::countDown);
        } catch (Exception e) {
            LOG.error("TaskManager {} could not start", id, e);
            System.exit(EXIT_START_FAILED);
            return;
        }
        // Why the process ends, for the last line of its log: a signal, unless the JobManager was lost first.
        java.util.concurrent.atomic.AtomicReference<String> reason = new java.util.concurrent.atomic.AtomicReference<>(
                "the process was asked to stop (SIGTERM: the cluster or its container ends)");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> runner.shutDown(reason.get()), "Spindle TaskManager shutdown"));
        LOG.info("TaskManager {} running ({} slots, data plane at {})", id, slots, runner.dataAddress());
        try {
            lost.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.error("TaskManager {} lost its JobManager at {}; exiting", id, jobManager);
        reason.set("it lost its JobManager at " + jobManager);
        System.exit(EXIT_JOB_MANAGER_LOST);
    }

    /** The secret from the file named by the environment; a process of the cluster has no other source. */
    static ClusterSecret readSecret() throws java.io.IOException {
        String file = System.getenv(ClusterSecret.FILE_ENV);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException(ClusterSecret.FILE_ENV + " is not set; it must name the cluster secret's file");
        }
        return ClusterSecret.readFrom(Path.of(file));
    }
}
