package dev.spindle.client.yarn;

import dev.spindle.config.ClientOptions;
import dev.spindle.config.ConfigChecks;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.YarnOptions;
import dev.spindle.yarn.spec.ClusterMode;
import dev.spindle.yarn.spec.ClusterSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * Deploys a Spindle cluster on YARN: checks, staging upload, the AM's launch context, submission,
 * and waiting until the JobManager serves (meanwhile {@link LeftoverSweep} removes what ended
 * applications left in the staging directory). Each step is its own class; this one only orders them
 * and owns the cleanup: whatever fails after the upload (or a client stopped by Ctrl-C/SIGTERM)
 * leaves neither an application nor a staging directory behind.
 *
 * <p>On stdout: {@code Submitted application <id>} as soon as YARN has accepted the submission
 * (schedulers parse it); everything else goes to the progress stream.
 */
public final class YarnDeployer {
    /** The file in the staging directory that keeps the cluster secret for later commands (owner-only). */
    static final String SECRET_FILE = "secret";

    static final String APPLICATION_TYPE = "Spindle";
    /** Per-job: the job graph's link name in the staging directory and the AM's working directory. */
    static final String JOB_GRAPH_FILE = "job-graph.bin";
    /** How long a deployment whose cluster is up still waits for its {@link LeftoverSweep}. */
    private static final Duration SWEEP_WAIT = Duration.ofSeconds(1);

    private final YarnConfiguration hadoopConfig;
    private final List<Path> runtimeJars;
    private final PrintStream out;
    private final PrintStream progress;
    private Duration resourceHintAfter = Duration.ofSeconds(60);

    /**
     * @param runtimeJars the classpath of the cluster's containers ({@link RuntimeJars})
     * @param out where the scheduler-facing lines go
     * @param progress where progress goes (stderr)
     */
    public YarnDeployer(YarnConfiguration hadoopConfig, List<Path> runtimeJars, PrintStream out, PrintStream progress) {
        this.hadoopConfig = hadoopConfig;
        this.runtimeJars = List.copyOf(runtimeJars);
        this.out = out;
        this.progress = progress;
    }

    /**
     * Deploys a cluster and returns once its REST endpoint serves. A session ships nothing of its
     * own; a per-job cluster ships its job graph and user jars, and its AM runs that one job and
     * ends with it; an application-mode cluster ships the program's jar as its user jar, and its AM
     * runs the program's main() and ends with the application.
     *
     * @throws IllegalConfigurationException when an attached per-job run's heartbeat interval is
     *     not below its timeout (before anything is deployed)
     * @throws ApplicationEndedException when the application ended before its REST endpoint was seen
     *     (e.g. an application's main() that fails at once); its staging directory is gone then
     */
    public DeployedCluster deploy(DeploymentRequest request) throws ClusterDeploymentException, InterruptedException {
        Long clientTimeoutMillis = request.mode() instanceof DeploymentRequest.PerJob perJob && perJob.attached()
                ? clientLeaseMillis(request.config())
                : null;
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(hadoopConfig);
            yarn.start();
            return deploy(yarn, request, clientTimeoutMillis);
        } catch (IOException | YarnException e) {
            throw new ClusterDeploymentException("could not deploy on YARN: " + YarnErrors.describe(e), e);
        }
    }

    private static String userJarLink(Path jar) {
        return "usrlib/" + jar.getFileName();
    }

    /** @param clientTimeoutMillis an attached per-job run's lease, else null */
    private DeployedCluster deploy(YarnClient yarn, DeploymentRequest request, Long clientTimeoutMillis)
            throws ClusterDeploymentException, IOException, YarnException, InterruptedException {
        Configuration config = HighAvailabilityPreflight.check(request.config(), HadoopConfigs.confDirOf(hadoopConfig));
        String defaultName = request.defaultName();
        ContainerSizes sizes = ContainerSizes.of(config);
        DeploymentChecks checks = new DeploymentChecks(yarn);
        checks.queueExists(config.get(YarnOptions.APPLICATION_QUEUE));
        List<ProvidedLibDirs.ProvidedJar> providedJars =
                ProvidedLibDirs.jarsOf(hadoopConfig, config.get(YarnOptions.PROVIDED_LIB_DIRS));
        YarnClientApplication app = yarn.createApplication();
        Resource max = app.getNewApplicationResponse().getMaximumResourceCapability();
        checks.fitsMaximumAllocation(
                "ApplicationMaster (jobmanager.memory.process.size)", sizes.amMemoryMb(), sizes.amVcores(), max);
        checks.fitsMaximumAllocation(
                "TaskManager (taskmanager.memory.process.size)", sizes.tmMemoryMb(), sizes.tmVcores(), max);

        ApplicationId appId = app.getNewApplicationResponse().getApplicationId();
        org.apache.hadoop.fs.Path stagingDir =
                StagingArea.directoryOf(hadoopConfig, config.get(YarnOptions.STAGING_DIRECTORY), appId);
        ClusterSecret secret = ClusterSecret.generate();
        Cleanup cleanup = new Cleanup(yarn, appId, stagingDir);
        Thread onInterrupt = new Thread(cleanup::undo, "Spindle deployment cleanup");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        boolean deployed = false;
        try {
            StagingArea staging = StagingArea.create(hadoopConfig, stagingDir);
            List<String> classpath = uploadRuntime(staging, providedJars);
            ClusterMode mode = stageMode(request.mode(), staging, clientTimeoutMillis);
            staging.write(
                    ClusterSpec.FILE_NAME,
                    new ClusterSpec(
                                    ClusterSpec.VERSION,
                                    mode,
                                    shippedConfiguration(config, defaultName, appId)
                                            .toMap(),
                                    stagingDir.toString(),
                                    classpath,
                                    staging.sharedFiles(),
                                    staging.providedFiles())
                            .toBytes());
            staging.writePrivate(SECRET_FILE, secret.toBytes());

            ApplicationSubmissionContext submission = app.getApplicationSubmissionContext();
            describe(submission, config, defaultName, sizes);
            submission.setAMContainerSpec(AmLaunchContextFactory.create(
                    staging.localResources(),
                    classpath,
                    javaHome(config),
                    YarnOptions.heapMebiBytes(config.get(YarnOptions.JOB_MANAGER_MEMORY)),
                    secret));
            cleanup.submitted();
            yarn.submitApplication(submission);
            out.println("Submitted application " + appId);
            out.flush();
            LeftoverSweep sweep = LeftoverSweep.start(hadoopConfig, config, progress);

            String restUrl = new ApplicationMonitor(
                            yarn, progress, resourceHintAfter, config.get(ClientOptions.YARN_POLL_INTERVAL))
                    .awaitRestEndpoint(appId);
            sweep.awaitAtMost(SWEEP_WAIT);
            progress.println("Spindle cluster " + appId + " is up: REST endpoint " + restUrl);
            deployed = true;
            return new DeployedCluster(appId, restUrl, secret, stagingDir);
        } finally {
            if (!deployed) {
                cleanup.undo();
            }
            removeHook(onInterrupt);
        }
    }

    /**
     * Uploads what the mode ships (a per-job run's job graph and user jars, an application's jar)
     * and returns the spec's mode, which names them by link name.
     */
    private static ClusterMode stageMode(DeploymentRequest.Mode mode, StagingArea staging, Long clientTimeoutMillis)
            throws IOException {
        // DeploymentRequest.Mode is sealed: these three are all there are.
        if (mode instanceof DeploymentRequest.PerJob perJob) {
            List<String> userJarLinks = new ArrayList<>();
            for (Path jar : perJob.userJars()) {
                staging.upload(jar, userJarLink(jar));
                userJarLinks.add(userJarLink(jar));
            }
            staging.write(JOB_GRAPH_FILE, perJob.jobGraph());
            return new ClusterMode.PerJob(JOB_GRAPH_FILE, userJarLinks, clientTimeoutMillis);
        }
        if (mode instanceof DeploymentRequest.Application app) {
            staging.upload(app.jar(), userJarLink(app.jar()));
            return new ClusterMode.Application(userJarLink(app.jar()), app.entryClass(), app.args());
        }
        if (mode instanceof DeploymentRequest.Session) {
            return new ClusterMode.Session();
        }
        throw new AssertionError("a mode the sealed DeploymentRequest.Mode does not permit: " + mode);
    }

    /**
     * The attached client's lease; refused, as the CLI refuses it before deploying, when its
     * heartbeats could not keep it (an interval not below the timeout).
     *
     * @throws IllegalConfigurationException then: a usage error, not a deployment's failure
     */
    private static long clientLeaseMillis(Configuration config) {
        ConfigChecks.clientLease(config);
        return config.get(ClientOptions.CLIENT_HEARTBEAT_TIMEOUT).toMillis();
    }

    /** For tests: how long the AM may wait for resources before the hint is printed. */
    YarnDeployer resourceHintAfter(Duration after) {
        this.resourceHintAfter = after;
        return this;
    }

    /**
     * The runtime jars as {@code lib/<name>} and the Hadoop configuration. The jars are those of
     * {@code yarn.provided.lib.dirs} when given (nothing uploaded), else the client's (from the
     * shared cache: uploaded once, not per deployment). (The containers' logging is on the yarn-am
     * jar: {@code ContainerLogging}.)
     */
    private List<String> uploadRuntime(StagingArea staging, List<ProvidedLibDirs.ProvidedJar> providedJars)
            throws IOException {
        List<String> classpath = new ArrayList<>();
        if (!providedJars.isEmpty()) {
            for (ProvidedLibDirs.ProvidedJar jar : providedJars) {
                staging.registerProvided(jar);
                classpath.add(jar.linkName());
            }
        } else {
            org.apache.hadoop.fs.Path cache = StagingArea.cacheRootOf(staging.directory());
            for (Path jar : runtimeJars) {
                String link = "lib/" + jar.getFileName();
                staging.uploadShared(jar, cache, link);
                classpath.add(link);
            }
        }
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        hadoopConfig.writeXml(xml);
        staging.write("yarn-site.xml", xml.toByteArray());
        return classpath;
    }

    /** What the AM gets: the user's configuration, and the application's name as the cluster's name on its REST page. */
    private static Configuration shippedConfiguration(Configuration config, String defaultName, ApplicationId appId) {
        Configuration shipped = new Configuration(config);
        if (!config.contains(JobManagerOptions.CLUSTER_NAME)) {
            shipped.set(JobManagerOptions.CLUSTER_NAME, applicationName(config, defaultName));
        }
        String clusterId = config.get(dev.spindle.config.HighAvailabilityOptions.CLUSTER_ID);
        if (clusterId == null || clusterId.isBlank()) {
            // Every attempt's JobManager and every TaskManager find the cluster's ZooKeeper nodes under it.
            shipped.set(dev.spindle.config.HighAvailabilityOptions.CLUSTER_ID, appId.toString());
        }
        return shipped;
    }

    /** The application's name: {@code yarn.application.name} (also {@code -nm}) when given, else {@code defaultName}. */
    static String applicationName(Configuration config, String defaultName) {
        String name = config.get(YarnOptions.APPLICATION_NAME);
        return name != null && !name.isBlank() ? name : defaultName;
    }

    private static void describe(
            ApplicationSubmissionContext submission, Configuration config, String defaultName, ContainerSizes sizes) {
        submission.setApplicationName(applicationName(config, defaultName));
        submission.setApplicationType(APPLICATION_TYPE);
        submission.setQueue(config.get(YarnOptions.APPLICATION_QUEUE));
        List<String> tags = config.get(YarnOptions.APPLICATION_TAGS);
        if (!tags.isEmpty()) {
            submission.setApplicationTags(new HashSet<>(tags));
        }
        int priority = config.get(YarnOptions.APPLICATION_PRIORITY);
        if (priority >= 0) {
            submission.setPriority(Priority.newInstance(priority));
        }
        submission.setMaxAppAttempts(YarnOptions.applicationAttempts(config));
        long validity = config.get(YarnOptions.APPLICATION_ATTEMPT_FAILURES_VALIDITY_INTERVAL)
                .toMillis();
        // YARN counts every failure when the interval is not positive.
        submission.setAttemptFailuresValidityInterval(validity > 0 ? validity : -1);
        // A new attempt with high availability serves the jobs on the TaskManagers the previous one
        // started; without it, a new attempt starts from nothing and the old containers would idle.
        submission.setKeepContainersAcrossApplicationAttempts(YarnOptions.highAvailability(config));
        submission.setResource(Resource.newInstance(sizes.amMemoryMb(), sizes.amVcores()));
    }

    private static String javaHome(Configuration config) {
        String configured = config.get(YarnOptions.CONTAINER_JAVA_HOME);
        return configured != null ? configured : System.getProperty("java.home");
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs (or ran) and undoes the deployment.
        }
    }

    /** Undoes a deployment that did not complete: kills the application, deletes the staging directory. */
    private final class Cleanup {
        private final YarnClient yarn;
        private final ApplicationId appId;
        private final org.apache.hadoop.fs.Path stagingDir;
        private volatile boolean submitted;
        private boolean undone;

        Cleanup(YarnClient yarn, ApplicationId appId, org.apache.hadoop.fs.Path stagingDir) {
            this.yarn = yarn;
            this.appId = appId;
            this.stagingDir = stagingDir;
        }

        void submitted() {
            submitted = true;
        }

        synchronized void undo() {
            if (undone) {
                return;
            }
            undone = true;
            if (submitted) {
                ApplicationCleanup.killIfRunning(
                        yarn, appId, "the Spindle client's deployment did not complete", progress);
            }
            ApplicationCleanup.deleteStagingDirectory(hadoopConfig, stagingDir, progress);
        }
    }
}
