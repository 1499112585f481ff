package dev.spindle.yarn.am;

import dev.spindle.cluster.JobManagerLeadership;
import dev.spindle.cluster.JobManagerRunner;
import dev.spindle.config.CleanupOptions;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.config.RestOptions;
import dev.spindle.core.UserSystemExits;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.JobResultStore;
import dev.spindle.ha.JobResultStores;
import dev.spindle.ha.services.HighAvailabilityServicesFactory;
import dev.spindle.jobmanager.JobPersistence;
import dev.spindle.jobmanager.cleanup.RetryStrategy;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.spec.ClusterSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ApplicationMaster of a Spindle cluster on YARN: the JobManager in the AM's container.
 * {@link #run()} is the whole life of the AM: read the cluster spec and the secret, start the
 * JobManager (its RPC endpoint) and its REST endpoint, make the YARN resource driver with both
 * addresses and start it — its initialization registers the AM with the ResourceManager, with the
 * REST endpoint as tracking URL, and from then on TaskManager containers are requested on demand —
 * run the mode's policy, then delete the staging directory, unregister through the driver with the
 * final status, and stop the JobManager.
 * Every way of ending goes through that one path; the exit codes are in {@link AmOutcome}. Losing
 * the ResourceManager for good (the driver's error) ends it too, with its own exit code and without
 * unregistering (which would wait for the lost ResourceManager).
 *
 * <p>Stops: {@code DELETE /cluster} on the REST endpoint (the session ends SUCCEEDED), or SIGTERM
 * from the NodeManager ({@code yarn application -kill}; YARN has already marked it KILLED). The
 * NodeManager sends SIGKILL {@code yarn.nodemanager.sleep-delay-before-sigkill.ms} (250 ms by
 * default) after SIGTERM, too soon for the orderly stop: so SIGTERM deletes the staging directory
 * (with its copy of the secret) first, in a shutdown hook that runs before Hadoop closes the file
 * systems. Only SIGKILL of the AM itself leaves the directory, for {@code spindle clean}.
 */
public final class ApplicationMasterMain {
    /** How long an application that ends for good waits for its jobs' cleanup before deleting its HA data. */
    static final java.time.Duration CLEANUP_WAIT = java.time.Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationMasterMain.class);
    /** How long a SIGTERM waits for the orderly stop before the JVM goes down anyway. */
    private static final long KILL_GRACE_SECONDS = 10;
    /** Above {@link FileSystem#SHUTDOWN_HOOK_PRIORITY}: the termination hook runs before the file systems close. */
    static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 10;

    private final AmEnvironment environment;
    private final YarnConfiguration yarnConfig;
    private final ResourceDriverFactory drivers;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile ModePolicy policy;
    private volatile ClusterSpec spec;
    private volatile String restUrl;
    /** With high availability: the cluster's services; their data goes when the application ends for good. */
    private volatile HighAvailabilityServices haServices;
    /** With high availability and the application id as cluster id: the job result store, which goes with it. */
    private volatile JobResultStore ownJobResults;
    /** With high availability: this attempt's part in the election, closed before the services. */
    private volatile JobManagerLeadership leadership;

    ApplicationMasterMain(AmEnvironment environment, YarnConfiguration yarnConfig, ResourceDriverFactory drivers) {
        this.environment = environment;
        this.yarnConfig = yarnConfig;
        this.drivers = drivers;
    }

    public static void main(String[] args) {
        YarnConfiguration yarnConfig = new YarnConfiguration();
        ApplicationMasterMain am =
                new ApplicationMasterMain(AmEnvironment.fromSystem(), yarnConfig, new YarnDriverFactory(yarnConfig));
        ShutdownHookManager.get().addShutdownHook(am::onTermination, SHUTDOWN_PRIORITY);
        int exitCode = am.run();
        System.exit(exitCode);
    }

    /** Runs the AM to its end; returns the process's exit code. */
    int run() {
        ClusterSpec spec = null;
        JobManagerRunner jobManager = null;
        ResourceDriver driver = null;
        AmOutcome outcome;
        int failureCode = AmOutcome.EXIT_INVALID_SETUP;
        try {
            spec = ClusterSpec.readFrom(environment.workingDirectory().resolve(ClusterSpec.FILE_NAME));
            this.spec = spec;
            ClusterSecret secret = CredentialsSecret.read();
            // Before any user code: application mode's main() and the jars run through REST.
            UserSystemExits.install(
                    Configuration.fromMap(spec.configuration()).get(ClusterOptions.INTERCEPT_USER_SYSTEM_EXIT));
            failureCode = AmOutcome.EXIT_START_FAILED;
            policy = ModePolicies.forSpec(spec, environment.workingDirectory());
            jobManager = startJobManager(spec, secret);
            String restUrl = startRestEndpoint(jobManager);
            driver = drivers.create(spec, jobManager.rpcAddress(), restUrl);
            registerAndStartTaskManagers(jobManager, driver, policy);
            outcome = policy.run(jobManager);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = AmOutcome.killed("the ApplicationMaster was interrupted");
        } catch (LeadershipUnavailableException e) {
            LOG.error(
                    "The ApplicationMaster ends without unregistering (exit code {}): {}",
                    AmOutcome.EXIT_LEADERSHIP_LOST,
                    e.getMessage());
            outcome = AmOutcome.leadershipLost(e.getMessage());
        } catch (Exception | LinkageError e) {
            IllegalConfigurationException invalid = IllegalConfigurationException.in(e);
            if (invalid != null) {
                // e.g. a metric reporter's option: one line naming it, the usage error's exit code
                LOG.error("The ApplicationMaster's configuration is invalid: {}", invalid.getMessage());
                outcome = AmOutcome.failed(
                        "invalid configuration: " + invalid.getMessage(), AmOutcome.EXIT_INVALID_SETUP);
            } else {
                LOG.error("The ApplicationMaster failed: {}", e.toString(), e);
                outcome = AmOutcome.failed("the ApplicationMaster failed: " + e, failureCode);
            }
        }
        // The staging directory goes before unregistering (as Flink does): once unregistered, the
        // NodeManager may kill this container at any moment (SIGTERM, SIGKILL 250 ms later), and a
        // delete on HDFS takes longer. The TaskManagers have localized their files by then. An
        // attempt that cannot unregister leaves it to the next attempt, which YARN starts from it.
        if (outcome.canUnregister() || isLastAttempt(spec)) {
            deleteStagingDirectory(spec);
        }
        if (outcome.canUnregister()) {
            // Before unregistering too, for the same reason: the application ends for good, and its
            // ZooKeeper nodes and HA files go with it.
            String finalTrackingUrl = null;
            if (jobManager != null) {
                HistoryLinks.awaitArchives(jobManager.dispatcher(), spec.mode());
                finalTrackingUrl = HistoryLinks.finalTrackingUrl(
                        Configuration.fromMap(spec.configuration()),
                        spec.mode(),
                        HistoryLinks.jobsOf(jobManager.dispatcher()));
            }
            awaitJobCleanups(jobManager);
            closeHighAvailability(true);
            unregister(driver, outcome, finalTrackingUrl);
        }
        // An attempt that YARN follows with another under high availability leaves its TaskManager
        // containers running: YARN keeps them, and the next attempt adopts them and resumes the jobs.
        stopJobManager(jobManager, haServices != null && !outcome.canUnregister());
        if (!outcome.canUnregister()) {
            closeHighAvailability(false);
        }
        LOG.info(
                "ApplicationMaster ends {} (exit code {}): {}",
                outcome.status(),
                outcome.exitCode(),
                outcome.diagnostics());
        ended.countDown();
        return outcome.exitCode();
    }

    /**
     * Whether YARN will start no further attempt after this one ends without unregistering: this is
     * attempt {@code yarn.application-attempts} (or the container id cannot tell).
     */
    private boolean isLastAttempt(ClusterSpec spec) {
        if (spec == null) {
            return true;
        }
        try {
            int attempt = org.apache.hadoop.yarn.api.records.ContainerId.fromString(environment.containerId())
                    .getApplicationAttemptId()
                    .getAttemptId();
            return attempt
                    >= dev.spindle.yarn.YarnOptions.applicationAttempts(Configuration.fromMap(spec.configuration()));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** The JobManager without a resource driver yet: the driver registers with the REST endpoint's URL. */
    private JobManagerRunner startJobManager(ClusterSpec spec, ClusterSecret secret) throws Exception {
        Configuration config = Configuration.fromMap(spec.configuration());
        // In a container the REST endpoint must be reachable from the client's host, on a port that is
        // free there: the NodeManager's host and any port (as Flink does), unless the spec says otherwise.
        if (!spec.configuration().containsKey(RestOptions.BIND_ADDRESS.key())) {
            config.set(RestOptions.BIND_ADDRESS, environment.nodeManagerHost());
        }
        if (!spec.configuration().containsKey(RestOptions.PORT.key())) {
            config.set(RestOptions.PORT, 0);
        }
        // The REST endpoint's root page says which kind of cluster this is.
        config.set(JobManagerOptions.CLUSTER_MODE, spec.mode().name());
        if (HighAvailabilityOptions.enabled(config)) {
            return leadJobManager(config, secret);
        }
        return JobManagerRunner.start(config, secret, null, environment.nodeManagerHost());
    }

    /**
     * High availability: this attempt takes the cluster's leadership — at once, as it first removes
     * the election nodes of the application's earlier attempts (YARN starts an attempt only after the
     * one before it ended) — and its JobManager recovers the jobs from their latest checkpoints. The
     * REST endpoint starts with the leadership; losing the leadership later ends this attempt without
     * unregistering, so that YARN starts the next.
     */
    private JobManagerRunner leadJobManager(Configuration config, ClusterSecret secret) throws Exception {
        org.apache.hadoop.yarn.api.records.ApplicationAttemptId attempt =
                org.apache.hadoop.yarn.api.records.ContainerId.fromString(environment.containerId())
                        .getApplicationAttemptId();
        String appId = attempt.getApplicationId().toString();
        String participant = attempt.toString();
        HighAvailabilityServices services;
        try {
            services = HighAvailabilityServicesFactory.create(config, appId, participant);
        } catch (IOException e) {
            throw new LeadershipUnavailableException(
                    "attempt " + participant + " cannot reach ZooKeeper: " + e.getMessage(), e);
        }
        int removed = services.leaderElection().removeParticipants(p -> isEarlierAttempt(p, attempt));
        if (removed > 0) {
            LOG.info("Removed the leader election entries of {} earlier attempt(s)", removed);
        }
        this.haServices = services;
        boolean ownClusterId = services.clusterId().equals(appId);
        if (ownClusterId && !config.contains(CleanupOptions.JOB_RESULT_STORE_DELETE_ON_COMMIT)) {
            // The application's own job result store keeps its entries while the application lives,
            // so that a later attempt never runs a job again that ended under an earlier one (a
            // deleted entry would let it); the store goes with the application.
            config.set(CleanupOptions.JOB_RESULT_STORE_DELETE_ON_COMMIT, false);
        }
        JobResultStore results = JobResultStores.create(config, services.clusterId());
        this.ownJobResults = ownClusterId ? results : null;
        JobPersistence persistence = new JobPersistence(services, results, RetryStrategy.fromConfiguration(config));
        JobManagerLeadership leadership = new JobManagerLeadership(
                services,
                persistence,
                config,
                secret,
                null,
                environment.nodeManagerHost(),
                this::startRestEndpoint,
                environment.workingDirectory().resolve("recovered-jars"),
                reason -> {
                    ModePolicy current = policy;
                    if (current != null) {
                        current.requestStop(AmOutcome.leadershipLost(reason));
                    }
                });
        this.leadership = leadership;
        leadership.start();
        long wait = 2
                * config.get(HighAvailabilityOptions.ZOOKEEPER_SESSION_TIMEOUT).toMillis();
        JobManagerRunner runner = leadership.awaitLeadership(wait);
        if (runner == null) {
            leadership.close();
            throw new LeadershipUnavailableException(
                    "attempt " + participant + " did not get the leadership of cluster " + services.clusterId()
                            + " within " + wait + " ms",
                    null);
        }
        return runner;
    }

    /**
     * High availability: this attempt could not take up the cluster's leadership (ZooKeeper did not
     * answer within the connection timeout, e.g. during an outage, or the leadership did not come).
     * The application has not ended: the attempt exits as one that lost its leadership, without
     * unregistering and keeping the staging directory, so that YARN starts the next attempt (if it
     * has attempts left) instead of this one ending the application or deleting what the next needs.
     */
    static final class LeadershipUnavailableException extends Exception {
        LeadershipUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Whether {@code participant} names an attempt of the same application before {@code attempt}. */
    static boolean isEarlierAttempt(
            String participant, org.apache.hadoop.yarn.api.records.ApplicationAttemptId attempt) {
        try {
            org.apache.hadoop.yarn.api.records.ApplicationAttemptId other =
                    org.apache.hadoop.yarn.api.records.ApplicationAttemptId.fromString(participant);
            return other.getApplicationId().equals(attempt.getApplicationId())
                    && other.getAttemptId() < attempt.getAttemptId();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The driver's initialization is the AM's one registration with the ResourceManager (host, REST
     * port, tracking URL); from then on the JobManager's resource manager asks it for TaskManagers.
     */
    private static void registerAndStartTaskManagers(
            JobManagerRunner jobManager, ResourceDriver driver, ModePolicy policy) throws Exception {
        jobManager.startResourceDriver(driver, error -> {
            LOG.error(
                    "FATAL: the ApplicationMaster lost the YARN ResourceManager and ends (exit code {}): {}",
                    AmOutcome.EXIT_RESOURCE_MANAGER_LOST,
                    error.getMessage());
            policy.requestStop(AmOutcome.resourceManagerLost("lost the YARN ResourceManager: " + error.getMessage()));
        });
    }

    private String startRestEndpoint(JobManagerRunner jobManager) throws IOException {
        if (restUrl != null) {
            return restUrl; // started with the leadership
        }
        InetSocketAddress rest = jobManager.startRestEndpoint(
                environment.workingDirectory().resolve("uploads"),
                () -> policy.requestStop(AmOutcome.succeeded("stopped by a client (DELETE /cluster)")));
        restUrl = "http://" + environment.nodeManagerHost() + ":" + rest.getPort();
        return restUrl;
    }

    /**
     * With high availability: an application that ended for good (it unregistered) deletes its
     * ZooKeeper nodes and storage-directory files; an attempt that YARN follows with another leaves them
     * to it.
     */
    /**
     * High availability, the application ends for good: the cleanup of its ended jobs (checkpoints
     * as retention says, their HA entries, their result marked clean) completes before the cluster's
     * data goes, at most {@link #CLEANUP_WAIT}.
     */
    private void awaitJobCleanups(JobManagerRunner jobManager) {
        if (haServices == null || jobManager == null) {
            return;
        }
        try {
            if (!jobManager.dispatcher().awaitCleanups(CLEANUP_WAIT)) {
                LOG.warn(
                        "The cleanup of the application's jobs did not complete within {} s; "
                                + "the rest goes with the application's data",
                        CLEANUP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeHighAvailability(boolean endedForGood) {
        HighAvailabilityServices services = haServices;
        if (services == null) {
            return;
        }
        JobManagerLeadership ownLeadership = leadership;
        if (ownLeadership != null) {
            // Leaving the election on purpose first: closing the services would otherwise report
            // it as a lost leadership.
            ownLeadership.close();
        }
        try {
            if (endedForGood) {
                services.closeAndCleanupAllData();
                LOG.info("Deleted the high-availability data of cluster {}", services.clusterId());
                if (ownJobResults != null) {
                    // The application's own store (its cluster id is the application id, never used again).
                    ownJobResults.deleteAll();
                }
            } else {
                services.close();
            }
        } catch (Exception e) {
            LOG.warn(
                    "Could not delete the high-availability data of cluster {}: {}",
                    services.clusterId(),
                    e.toString());
        }
    }

    private static void stopJobManager(JobManagerRunner jobManager, boolean keepTaskManagers) {
        if (jobManager != null) {
            try {
                if (keepTaskManagers) {
                    jobManager.closeKeepingTaskManagers();
                } else {
                    jobManager.close();
                }
            } catch (RuntimeException e) {
                LOG.warn("Stopping the JobManager failed: {}", e.toString(), e);
            }
        }
    }

    /**
     * Unregisters with the final status and diagnostics, before the JobManager stops: YARN then
     * stops the TaskManager containers with the application. An AM that never registered (it failed
     * before) is left alone: YARN ends its attempt when the process exits.
     */
    private static void unregister(ResourceDriver driver, AmOutcome outcome, String finalTrackingUrl) {
        if (driver == null) {
            return;
        }
        try {
            driver.deregister(outcome.status(), outcome.diagnostics(), finalTrackingUrl);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while unregistering the ApplicationMaster");
        } catch (Exception e) {
            LOG.warn("{}", e.getMessage(), e);
        }
    }

    private void deleteStagingDirectory(ClusterSpec spec) {
        if (spec == null) {
            return;
        }
        try {
            StagingDirectory.delete(spec.stagingDirectory(), yarnConfig);
            LOG.info("Deleted the staging directory {}", spec.stagingDirectory());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete the staging directory {}: {}", spec.stagingDirectory(), e.toString(), e);
        }
    }

    /**
     * SIGTERM: delete the staging directory at once (SIGKILL may follow within 250 ms), then end
     * through the one path as KILLED, and give it a little time before the JVM goes. After an
     * orderly end (the JVM exits with run()'s code) there is nothing left to do.
     */
    void onTermination() {
        if (ended.getCount() == 0) {
            return;
        }
        deleteStagingDirectory(spec);
        ModePolicy current = policy;
        if (current != null) {
            current.requestStop(AmOutcome.killed("killed (SIGTERM), e.g. by yarn application -kill"));
        }
        try {
            if (!ended.await(KILL_GRACE_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("The ApplicationMaster did not stop within {} s of SIGTERM", KILL_GRACE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
