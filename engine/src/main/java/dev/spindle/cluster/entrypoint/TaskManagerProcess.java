package dev.spindle.cluster.entrypoint;

import dev.spindle.cluster.taskexecutor.TaskManagerRunner;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.core.UserSystemExits;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.services.HighAvailabilityServicesFactory;
import dev.spindle.security.ClusterSecret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle of a TaskManager process, shared by the standalone one ({@link TaskManagerMain}) and
 * the one in a YARN container: parse {@code --slots N --jobmanager HOST:PORT [--config-file FILE]}
 * and what the {@link Environment} adds, start a {@link TaskManagerRunner}, run until SIGTERM or
 * until the JobManager is lost, and log why it ends. The two differ only in where the worker id, the
 * host to bind and the cluster secret come from.
 *
 * <p>Exit codes ({@link ExitCode}): {@code USAGE_ERROR} bad arguments, {@code START_FAILED} could
 * not start, {@code JOB_MANAGER_LOST} lost the JobManager, and the JVM's 143 after SIGTERM.
 */
public final class TaskManagerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerProcess.class);

    /** Where a TaskManager's identity, address and secret come from. */
    public interface Environment {
        /** The options besides {@code slots} and {@code jobmanager} that it reads. */
        Set<String> extraOptions();

        /** @throws IllegalArgumentException when it cannot be determined (a usage error) */
        String workerId(EntrypointArgs args);

        String bindHost(EntrypointArgs args);

        ClusterSecret secret() throws IOException;
    }

    private TaskManagerProcess() {}

    /** Runs the TaskManager and exits the JVM with its {@link ExitCode}. */
    public static void run(String[] args, Environment environment) {
        String id;
        String bindHost;
        int slots;
        InetSocketAddress jobManager;
        Configuration config;
        try {
            Set<String> options = new HashSet<>(Set.of("slots", "jobmanager"));
            options.addAll(environment.extraOptions());
            EntrypointArgs parsed = EntrypointArgs.parse(args, options);
            id = environment.workerId(parsed);
            bindHost = environment.bindHost(parsed);
            slots = parsed.requiredInt("slots");
            jobManager = EntrypointArgs.hostAndPort(parsed.required("jobmanager"), "--jobmanager");
            config = parsed.configuration();
        } catch (IllegalArgumentException e) {
            System.err.println("TaskManager: " + e.getMessage());
            System.exit(ExitCode.USAGE_ERROR.code());
            return;
        }
        UserSystemExits.install(config.get(ClusterOptions.INTERCEPT_USER_SYSTEM_EXIT));
        CountDownLatch lost = new CountDownLatch(1);
        TaskManagerRunner runner;
        HighAvailabilityServices ha = null;
        try {
            if (HighAvailabilityOptions.enabled(config)) {
                // The JobManager that leads now, and each one after it; --jobmanager was where the first one was.
                ha = HighAvailabilityServicesFactory.create(
                        config, HighAvailabilityServicesFactory.STANDALONE_CLUSTER_ID, "taskmanager-" + id);
                runner = TaskManagerRunner.start(
                        config, environment.secret(), id, slots, ha.leaderRetrieval(), bindHost, lost::countDown);
            } else {
                runner = TaskManagerRunner.start(
                        config, environment.secret(), id, slots, jobManager, bindHost, lost::countDown);
            }
        } catch (Exception e) {
            if (ha != null) {
                ha.close();
            }
            IllegalConfigurationException invalid = IllegalConfigurationException.in(e);
            if (invalid != null) {
                // e.g. a metric reporter's option: a usage error, one line, no stack trace
                LOG.error("TaskManager {} could not start: {}", id, invalid.getMessage());
                System.err.println("TaskManager: " + invalid.getMessage());
                System.exit(ExitCode.USAGE_ERROR.code());
                return;
            }
            LOG.error("TaskManager {} could not start", id, e);
            System.exit(ExitCode.START_FAILED.code());
            return;
        }
        // Why the process ends, for the last line of its log: a signal, unless the JobManager was lost first.
        AtomicReference<String> reason =
                new AtomicReference<>("the process was asked to stop (SIGTERM: the cluster or its container ends)");
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> runner.shutDown(reason.get()), "Spindle TaskManager shutdown"));
        LOG.info(
                "TaskManager {} running on {} ({} slots, data plane at {})", id, bindHost, slots, runner.dataAddress());
        try {
            lost.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.error("TaskManager {} lost its JobManager at {}; exiting", id, jobManager);
        reason.set("it lost its JobManager at " + jobManager);
        System.exit(ExitCode.JOB_MANAGER_LOST.code());
    }
}
