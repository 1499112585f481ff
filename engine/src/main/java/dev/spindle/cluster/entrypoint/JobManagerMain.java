package dev.spindle.cluster.entrypoint;

import dev.spindle.cluster.JobManagerLeadership;
import dev.spindle.cluster.JobManagerRunner;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.GlobalConfiguration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.core.UserSystemExits;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.JobResultStores;
import dev.spindle.ha.services.HighAvailabilityServicesFactory;
import dev.spindle.jobmanager.JobPersistence;
import dev.spindle.jobmanager.cleanup.RetryStrategy;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.local.LocalProcessDriver;
import dev.spindle.resource.local.WorkerLaunchSpec;
import dev.spindle.security.ClusterSecret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JobManager process of a standalone cluster on this machine:
 * {@code --cluster-dir DIR [--bind-host HOST] [--config-file FILE]}, with the cluster secret in the
 * file that {@value ClusterSecret#FILE_ENV} names and the configuration in {@code FILE}
 * ({@link ConfigurationFile}; never on a command line). It starts TaskManagers as child processes
 * through the {@link LocalProcessDriver} when jobs need slots (and keeps
 * {@code slotmanager.number-of-slots.min}), serves REST on {@code rest.bind-address}:{@code rest.port},
 * and runs until it is stopped (SIGTERM), which stops its TaskManagers too.
 *
 * <p>{@code DIR} holds the TaskManagers' directories ({@code taskmanagers/<id>/worker.log}),
 * uploaded jars ({@code uploads/}), the TaskManagers' configuration ({@value #TASK_MANAGER_CONFIG_FILE},
 * owner-only, removed on stop), and, once the cluster serves, {@value #INFO_FILE}: the
 * properties {@code rest.address} (an http URL), {@code rpc.address}, {@code pid} and
 * {@code secret.file}, which clients read to find the cluster. The file is removed on stop.
 *
 * <p>With {@code high-availability.type: zookeeper} several such processes may run on one cluster
 * directory: one leads, the others wait as standbys and write nothing there until they lead. The
 * TaskManagers of a leader that died keep running and are adopted by the next leader.
 *
 * <p>Exit codes ({@link ExitCode}): {@code USAGE_ERROR} bad arguments, {@code START_FAILED} could not start,
 * {@code LEADERSHIP_LOST} a leader was deposed, and the JVM's 143 after SIGTERM.
 */
public final class JobManagerMain {
    private static final Logger LOG = LoggerFactory.getLogger(JobManagerMain.class);
    /** The file in the cluster directory that tells clients where the cluster is. */
    public static final String INFO_FILE = "jobmanager.properties";
    /** The file in the cluster directory from which TaskManagers read the cluster's configuration. */
    public static final String TASK_MANAGER_CONFIG_FILE = "taskmanager.conf";

    private JobManagerMain() {}

    public static void main(String[] args) {
        Path clusterDir;
        String bindHost;
        Configuration config;
        try {
            EntrypointArgs parsed = EntrypointArgs.parse(args, Set.of("cluster-dir", "bind-host"));
            clusterDir = Path.of(parsed.required("cluster-dir")).toAbsolutePath();
            bindHost = parsed.optional("bind-host", "127.0.0.1");
            // The installation's config.yaml, under the options the script wrote (its -D).
            config = GlobalConfiguration.load();
            config.addAll(parsed.configuration());
        } catch (IllegalArgumentException | IllegalConfigurationException e) {
            System.err.println("JobManager: " + e.getMessage());
            System.exit(ExitCode.USAGE_ERROR.code());
            return;
        }
        UserSystemExits.install(config.get(ClusterOptions.INTERCEPT_USER_SYSTEM_EXIT));
        JobManagerRunner runner;
        Path info = clusterDir.resolve(INFO_FILE);
        Path taskManagerConfig = clusterDir.resolve(TASK_MANAGER_CONFIG_FILE);
        try {
            String secretFile = System.getenv(ClusterSecret.FILE_ENV);
            ClusterSecret secret = TaskManagerMain.readSecret();
            WorkerLaunchSpec launch = taskManagerLaunch(config, bindHost, clusterDir, secretFile);
            boolean highAvailability = HighAvailabilityOptions.enabled(config);
            // Written once this process leads (its JobManager starts the driver): a standby must not
            // touch the files of the cluster's leader. With high availability the driver adopts the
            // TaskManagers a dead leader started, which follow the new leader through ZooKeeper.
            Function<InetSocketAddress, ResourceDriver> drivers = rpc -> {
                writeTaskManagerConfig(config, taskManagerConfig);
                return new LocalProcessDriver(
                        launch.withArguments(taskManagerArguments(taskManagerConfig, bindHost, rpc)), highAvailability);
            };
            JobManagerLeadership.Serving serving = jm -> {
                InetSocketAddress rest = jm.startRestEndpoint(clusterDir.resolve("uploads"));
                writeInfo(info, rest, jm.rpcAddress(), Path.of(secretFile).toAbsolutePath());
                LOG.info(
                        "JobManager serving: REST at http://{}:{}, RPC at {}",
                        rest.getHostString(),
                        rest.getPort(),
                        jm.rpcAddress());
                return "http://" + rest.getHostString() + ":" + rest.getPort();
            };
            if (highAvailability) {
                runner = leadJobManager(config, secret, drivers, bindHost, serving, clusterDir);
            } else {
                runner = JobManagerRunner.start(config, secret, drivers, bindHost);
                try {
                    serving.start(runner);
                } catch (Exception e) {
                    runner.close();
                    throw e;
                }
            }
        } catch (Exception e) {
            if (wroteTaskManagerConfig) {
                deleteQuietly(taskManagerConfig);
            }
            IllegalConfigurationException invalid = IllegalConfigurationException.in(e);
            if (invalid != null) {
                // e.g. a metric reporter's option: a usage error, one line, no stack trace
                LOG.error("The JobManager could not start: {}", invalid.getMessage());
                System.err.println("JobManager: " + invalid.getMessage());
                System.exit(ExitCode.USAGE_ERROR.code());
                return;
            }
            LOG.error("The JobManager could not start: {}", e.toString(), e);
            System.exit(ExitCode.START_FAILED.code());
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        JobManagerRunner started = runner;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (leadershipLost) {
                                // The cluster goes on under the next leader: its files, its TaskManagers
                                // (this process's children, now serving the new leader) and its jobs are
                                // left alone; a deposed leader only removes a jobmanager.properties
                                // still naming it.
                                LOG.info("JobManager stopping after losing the leadership");
                                deleteInfoIfOwn(info);
                                stopped.countDown();
                                return;
                            }
                            LOG.info("JobManager stopping");
                            deleteInfoIfOwn(info);
                            started.close();
                            // After the TaskManagers have stopped: the file may hold secrets, and nothing reads it any
                            // more.
                            deleteQuietly(taskManagerConfig);
                            stopped.countDown();
                        },
                        "Spindle JobManager shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * High availability: competes for the cluster's leadership (a standby waits here) and returns the
     * JobManager of the leadership once it serves. Losing the leadership later ends the process with
     * {@code LEADERSHIP_LOST}; the jobs go on under the next leader.
     */
    private static JobManagerRunner leadJobManager(
            Configuration config,
            ClusterSecret secret,
            Function<InetSocketAddress, ResourceDriver> drivers,
            String bindHost,
            JobManagerLeadership.Serving serving,
            Path clusterDir)
            throws Exception {
        String participant = java.net.InetAddress.getLocalHost().getHostName() + ":"
                + ProcessHandle.current().pid();
        HighAvailabilityServices services = HighAvailabilityServicesFactory.create(
                config, HighAvailabilityServicesFactory.STANDALONE_CLUSTER_ID, participant);
        JobPersistence persistence = new JobPersistence(
                services,
                JobResultStores.create(config, services.clusterId()),
                RetryStrategy.fromConfiguration(config));
        JobManagerLeadership leadership = new JobManagerLeadership(
                services,
                persistence,
                config,
                secret,
                drivers,
                bindHost,
                serving,
                clusterDir.resolve("recovered-jars"),
                reason -> {
                    leadershipLost = true;
                    LOG.error("The JobManager exits (exit code {}): {}", ExitCode.LEADERSHIP_LOST.code(), reason);
                    System.exit(ExitCode.LEADERSHIP_LOST.code());
                });
        leadership.start();
        LOG.info("JobManager {} competes for the leadership of cluster {}", participant, services.clusterId());
        return leadership.awaitLeadership();
    }

    /** Whether the TaskManagers' configuration file is this process's (it led), so that a failed start removes it. */
    private static volatile boolean wroteTaskManagerConfig;
    /** Set before a deposed leader exits: its shutdown hook must not stop what now serves the next leader. */
    private static volatile boolean leadershipLost;

    private static void writeTaskManagerConfig(Configuration config, Path file) {
        try {
            ConfigurationFile.write(config, file);
            wroteTaskManagerConfig = true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Removes {@value #INFO_FILE} if it names this process: with standby JobManagers the file may
     * already name the next leader.
     */
    private static void deleteInfoIfOwn(Path info) {
        Properties p = new Properties();
        try (var in = Files.newInputStream(info)) {
            p.load(in);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("Could not read {}: {}", info, e.toString());
            return;
        }
        if (Long.toString(ProcessHandle.current().pid()).equals(p.getProperty("pid"))) {
            deleteQuietly(info);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", file, e.toString());
        }
    }

    /** TaskManagers run the same Java and classpath as this process, with their own log directory. */
    private static WorkerLaunchSpec taskManagerLaunch(
            Configuration config, String bindHost, Path clusterDir, String secretFile) {
        List<String> jvm = new ArrayList<>();
        String log4j = System.getProperty("log4j.configuration");
        if (log4j != null) {
            jvm.add("-Dlog4j.configuration=" + log4j);
        }
        jvm.addAll(config.get(ClusterOptions.TASK_MANAGER_JVM_OPTIONS).items());
        return new WorkerLaunchSpec(
                WorkerLaunchSpec.currentJava(),
                TaskManagerMain.class.getName(),
                absoluteClasspath(System.getProperty("java.class.path")),
                jvm,
                Map.of(
                        ClusterSecret.FILE_ENV,
                        Path.of(secretFile).toAbsolutePath().toString()),
                List.of(),
                clusterDir.resolve("taskmanagers"));
    }

    /** Workers run in their own directories, so relative entries of this JVM's classpath must be resolved here. */
    static String absoluteClasspath(String classpath) {
        return Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> e.endsWith("*")
                        ? Path.of(e.substring(0, e.length() - 1)).toAbsolutePath() + java.io.File.separator + "*"
                        : Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** The configuration goes by file: a TaskManager's command line is visible to every user of the machine. */
    private static List<String> taskManagerArguments(Path configFile, String bindHost, InetSocketAddress rpc) {
        return List.of(
                "--jobmanager",
                rpc.getHostString() + ":" + rpc.getPort(),
                "--bind-host",
                bindHost,
                "--" + ConfigurationFile.ARGUMENT,
                configFile.toString());
    }

    private static void writeInfo(Path info, InetSocketAddress rest, InetSocketAddress rpc, Path secretFile)
            throws IOException {
        Properties p = new Properties();
        p.setProperty("rest.address", "http://" + rest.getHostString() + ":" + rest.getPort());
        p.setProperty("rpc.address", rpc.getHostString() + ":" + rpc.getPort());
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        p.setProperty("secret.file", secretFile.toString());
        Path tmp = info.resolveSibling(INFO_FILE + ".tmp");
        try (var out = Files.newBufferedWriter(tmp)) {
            p.store(out, "Spindle standalone cluster; removed when the JobManager stops");
        }
        Files.move(tmp, info, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
