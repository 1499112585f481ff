package dev.spindle.cluster;

import dev.spindle.config.Configuration;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.LeaderContender;
import dev.spindle.ha.LeaderInformation;
import dev.spindle.ha.RecoveredJob;
import dev.spindle.jobmanager.JobPersistence;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.security.ClusterSecret;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JobManager process under high availability. It competes for its cluster's leadership; once
 * granted, it starts the JobManager of that leadership (whose fencing token is the leadership's
 * session id), takes over the cluster's jobs from the job graph store (each from its latest
 * completed checkpoint), and then publishes where it is reached, so that TaskManagers and clients
 * turn to it.
 *
 * <p>Losing the leadership ends the process ({@code onLeadershipLost}): its jobs are not failed
 * (nothing is recorded of them) but left to the next leader, which resumes them from their latest
 * checkpoints; a process that was deposed while it did not know it (a long pause) can no longer
 * complete checkpoints (the pointer write is fenced) nor reach TaskManagers (they follow the new
 * leader's token).
 */
public final class JobManagerLeadership implements LeaderContender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManagerLeadership.class);

    /** What a leader serves besides RPC once its JobManager runs; returns the REST URL to publish, or null. */
    public interface Serving {
        String start(JobManagerRunner runner) throws Exception;
    }

    private final HighAvailabilityServices services;
    private final JobPersistence persistence;
    private final Configuration config;
    private final ClusterSecret secret;
    private final Function<InetSocketAddress, ResourceDriver> drivers;
    private final String bindHost;
    private final Serving serving;
    private final Path jarDirectory;
    private final Consumer<String> onLeadershipLost;
    private final CompletableFuture<JobManagerRunner> leading = new CompletableFuture<>();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "Spindle JobManager leadership");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /**
     * @param jarDirectory where the jars of recovered jobs are copied to
     * @param onLeadershipLost told (once, with the reason) when the leadership is lost or cannot be
     *     taken up; the process is expected to end
     */
    public JobManagerLeadership(
            HighAvailabilityServices services,
            JobPersistence persistence,
            Configuration config,
            ClusterSecret secret,
            Function<InetSocketAddress, ResourceDriver> drivers,
            String bindHost,
            Serving serving,
            Path jarDirectory,
            Consumer<String> onLeadershipLost) {
        this.services = services;
        this.persistence = persistence;
        this.config = config;
        this.secret = secret;
        this.drivers = drivers;
        this.bindHost = bindHost;
        this.serving = serving;
        this.jarDirectory = jarDirectory;
        this.onLeadershipLost = onLeadershipLost;
    }

    /** Starts competing for the leadership. */
    public void start() throws Exception {
        services.leaderElection().start(this);
    }

    /** The JobManager of this process's leadership, once it leads and serves; waits until then. */
    public JobManagerRunner awaitLeadership() throws InterruptedException, ExecutionException {
        return leading.get();
    }

    /** As {@link #awaitLeadership()}, at most {@code millis}; null if it does not lead by then. */
    public JobManagerRunner awaitLeadership(long millis) throws InterruptedException, ExecutionException {
        try {
            return leading.get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    @Override
    public void grantLeadership(UUID sessionId) {
        starter.execute(() -> lead(sessionId));
    }

    private void lead(UUID sessionId) {
        if (closed) {
            return;
        }
        LOG.info("This JobManager leads cluster {} (leadership {})", services.clusterId(), sessionId);
        JobManagerRunner runner = null;
        try {
            persistence.setLeadershipCheck(() -> services.leaderElection().hasLeadership(sessionId));
            runner = JobManagerRunner.start(config, secret, drivers, bindHost, sessionId.toString(), persistence);
            String rest = serving.start(runner);
            int recovered = 0;
            for (RecoveredJob job : persistence.recover(jarDirectory)) {
                runner.dispatcher().submitJob(job.graph(), job.userJars()).get();
                recovered++;
            }
            InetSocketAddress rpc = runner.rpcAddress();
            services.leaderElection()
                    .confirmLeadership(
                            sessionId,
                            new LeaderInformation(sessionId, rpc.getHostString() + ":" + rpc.getPort(), rest));
            LOG.info(
                    "Leader of cluster {} serving: RPC at {}, REST at {}, {} job(s) recovered",
                    services.clusterId(),
                    rpc,
                    rest,
                    recovered);
            leading.complete(runner);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (runner != null) {
                runner.close();
            }
            lost("it could not take up the leadership: " + e);
        }
    }

    @Override
    public void revokeLeadership() {
        lost(
                "it lost the leadership of cluster " + services.clusterId()
                        + " (its ZooKeeper session expired or its connection was interrupted); its jobs go on under the next leader");
    }

    @Override
    public void handleError(Throwable error) {
        lost("the leader election failed: " + error);
    }

    private void lost(String reason) {
        if (!closed) {
            closed = true;
            LOG.error("JobManager ends: {}", reason);
            onLeadershipLost.accept(reason);
        }
    }

    /** Stops competing (the leadership, if held, goes to another contender); the JobManager is its owner's to close. */
    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        services.leaderElection().close();
    }
}
