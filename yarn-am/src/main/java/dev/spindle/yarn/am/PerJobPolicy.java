package dev.spindle.yarn.am;

import dev.spindle.cluster.JobManagerRunner;
import dev.spindle.config.ClientOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import dev.spindle.jobmanager.ClientHeartbeats;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.jobmanager.JobResultInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-job mode: the cluster runs the one job whose graph shipped with the AM, and ends with it.
 * {@link #run} reads the job graph file from the container's working directory, submits it with the
 * localized user jars, waits for the job to end, and ends the application SUCCEEDED (job FINISHED),
 * FAILED (job FAILED; the job's failure in the diagnostics) or KILLED (job CANCELED).
 * A stop request (SIGTERM, {@code DELETE /cluster}) ends it at once with the requested outcome,
 * cancelling the job.
 *
 * <p>Attached, the client holds a lease ({@code client.heartbeat.timeout}, in the spec as
 * {@code clientHeartbeatTimeoutMillis}): while the job runs, the policy checks the client's
 * heartbeats ({@link ClientHeartbeats}) and, once the client has been silent for the timeout,
 * stops as if asked to, KILLED, saying so in the diagnostics. The lease counts from the policy's
 * creation at the AM's start, since the client connects only once the AM has registered.
 */
final class PerJobPolicy implements ModePolicy {
    private static final Logger LOG = LoggerFactory.getLogger(PerJobPolicy.class);
    /** How long an attached client may take to fetch the ended job's result before the cluster ends anyway. */
    static final Duration RESULT_FETCH_WAIT = Duration.ofSeconds(10);
    /**
     * How long the cluster still stays once the result was written to the client's connection: the
     * response may still be on its way, and a cluster that closes its endpoint at once can reset the
     * connection under it (seen once in CI: the client then knew only YARN's final status).
     */
    static final Duration RESULT_READ_GRACE = Duration.ofMillis(500);

    private final Path jobGraphFile;
    private final List<Path> userJars;
    private final Duration clientTimeout;
    private final long createdNanos = System.nanoTime();
    private final CompletableFuture<AmOutcome> stop = new CompletableFuture<>();

    /** A per-job cluster whose client holds no lease (detached). */
    PerJobPolicy(Path jobGraphFile, List<Path> userJars) {
        this(jobGraphFile, userJars, null);
    }

    /**
     * @param jobGraphFile the job graph ({@code JobGraphCodec} bytes) in the working directory
     * @param userJars the localized user jars in the working directory
     * @param clientTimeout the attached client's lease; null when no client holds one
     */
    PerJobPolicy(Path jobGraphFile, List<Path> userJars, Duration clientTimeout) {
        this.jobGraphFile = jobGraphFile;
        this.userJars = List.copyOf(userJars);
        this.clientTimeout = clientTimeout;
    }

    @Override
    public AmOutcome run(JobManagerRunner jobManager) throws InterruptedException {
        return runJob(jobManager.dispatcher());
    }

    /** {@link #run}'s work, on the JobManager's dispatcher. */
    AmOutcome runJob(Dispatcher dispatcher) throws InterruptedException {
        JobGraph graph;
        try {
            graph = JobGraphCodec.fromBytes(Files.readAllBytes(jobGraphFile));
        } catch (IOException e) {
            return AmOutcome.failed(
                    "per-job: cannot read the job graph " + jobGraphFile + ": " + e.getMessage(),
                    AmOutcome.EXIT_FAILED);
        }
        JobId id;
        try {
            id = dispatcher.submitJob(graph, userJars).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof dev.spindle.jobmanager.DuplicateJobException) {
                // A later attempt with high availability: the leadership recovered the job already.
                id = graph.jobId();
                LOG.info("Per-job: job {} ({}) was recovered from an earlier attempt", graph.name(), id);
                return followJob(dispatcher, graph, id);
            }
            if (e.getCause() instanceof dev.spindle.jobmanager.JobAlreadyEndedException ended) {
                // A later attempt with high availability: the job ended under an earlier attempt,
                // which died before ending the application. The job does not run again.
                return endedEarlier(graph, ended);
            }
            return AmOutcome.failed(
                    "per-job: the job " + graph.name() + " could not be submitted: " + e.getCause(),
                    AmOutcome.EXIT_FAILED);
        }
        LOG.info("Per-job: running job {} ({})", graph.name(), id);
        return followJob(dispatcher, graph, id);
    }

    /** Waits for the job's end (or a stop) and returns the cluster's outcome. */
    private AmOutcome followJob(Dispatcher dispatcher, JobGraph graph, JobId id) throws InterruptedException {
        CompletableFuture<Object> ended =
                CompletableFuture.anyOf(dispatcher.jobResult(id).handle((r, t) -> null), stop);
        try {
            awaitEndHoldingLease(ended, lease(dispatcher.clientHeartbeats(), id), graph);
        } catch (InterruptedException e) {
            dispatcher.cancelJob(id);
            throw e;
        }
        if (stop.isDone()) {
            dispatcher.cancelJob(id);
            return stop.join();
        }
        AmOutcome outcome = outcomeOf(graph, terminalResult(dispatcher, id));
        if (clientTimeout != null) {
            awaitResultServed(dispatcher, id);
        }
        awaitStopOutcomeServed(dispatcher);
        return outcome;
    }

    /**
     * Attached: the client follows the job over REST, so the cluster stays until the client has been
     * served the result (it polls every 250 ms), and it then gets the job's runtime and counters
     * rather than only YARN's final status. A client that does not come within
     * {@link #RESULT_FETCH_WAIT} (it died; the lease would end the cluster anyway) is not waited for,
     * nor is one that stopped the cluster.
     */
    private void awaitResultServed(Dispatcher dispatcher, JobId id) throws InterruptedException {
        long waitMillis = Math.min(RESULT_FETCH_WAIT.toMillis(), clientTimeout.toMillis());
        try {
            CompletableFuture.anyOf(dispatcher.resultServedFuture(id), stop).get(waitMillis, TimeUnit.MILLISECONDS);
            if (dispatcher.resultServedFuture(id).isDone()) {
                Thread.sleep(RESULT_READ_GRACE.toMillis());
            }
        } catch (TimeoutException e) {
            LOG.info("Per-job: the attached client did not fetch the result of job {} within {} ms", id, waitMillis);
        } catch (ExecutionException e) {
            throw new IllegalStateException("neither future fails", e);
        }
    }

    /**
     * A job stopped with a savepoint ends the cluster, but the client that stopped it reads the
     * savepoint's path from it: the cluster stays until that was served, at most {@link
     * #RESULT_FETCH_WAIT}.
     */
    static void awaitStopOutcomeServed(Dispatcher dispatcher) throws InterruptedException {
        if (!dispatcher.awaitStopOutcomesServed(RESULT_FETCH_WAIT.toMillis())) {
            LOG.info(
                    "The client that stopped the job did not fetch the savepoint's path within {} ms",
                    RESULT_FETCH_WAIT.toMillis());
        }
    }

    /** The client's lease, counted from this policy's creation; null without one. */
    private ClientHeartbeats.Lease lease(ClientHeartbeats heartbeats, JobId id) {
        if (clientTimeout == null) {
            return null;
        }
        long sinceCreated = (System.nanoTime() - createdNanos) / 1_000_000;
        LOG.info("Per-job: the attached client holds a lease of {} ms", clientTimeout.toMillis());
        return heartbeats.lease(id, clientTimeout, heartbeats.nowMillis() - sinceCreated);
    }

    /** Waits until {@code ended}; with a lease, checks it a few times per timeout and stops once it expired. */
    private void awaitEndHoldingLease(CompletableFuture<Object> ended, ClientHeartbeats.Lease lease, JobGraph graph)
            throws InterruptedException {
        long checkMillis = lease == null ? Long.MAX_VALUE : Math.max(20, Math.min(1_000, lease.timeoutMillis() / 8));
        while (true) {
            try {
                ended.get(checkMillis, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException("neither future fails", e);
            } catch (TimeoutException e) {
                if (lease != null && lease.isExpired()) {
                    String why = "the attached client went silent for " + lease.silentMillis() + " ms (more than "
                            + ClientOptions.CLIENT_HEARTBEAT_TIMEOUT.key() + " = " + lease.timeoutMillis()
                            + " ms); job " + graph.name() + " (" + lease.jobId() + ") was cancelled";
                    LOG.warn("Per-job: {}", why);
                    requestStop(AmOutcome.killed(why));
                }
            }
        }
    }

    /** The job's result once its status is terminal (it may trail the result future by a moment). */
    private static JobResultInfo terminalResult(Dispatcher dispatcher, JobId id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        JobResultInfo result = dispatcher.requestJobResult(id).join();
        while (!result.status().isTerminal() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
            result = dispatcher.requestJobResult(id).join();
        }
        return result;
    }

    /** The outcome of a job that ended under an earlier attempt, as its job result entry says. */
    static AmOutcome endedEarlier(JobGraph graph, dev.spindle.jobmanager.JobAlreadyEndedException ended) {
        String job = "job " + graph.name() + " (" + graph.jobId() + ")";
        JobStatus status = ended.status();
        LOG.info("Per-job: {} ended under an earlier attempt ({}); it does not run again", job, status);
        if (status == null) {
            return AmOutcome.failed(
                    "per-job: " + job + " ended under an earlier attempt, and how is not known (its job result "
                            + "entry is gone); it does not run again",
                    AmOutcome.EXIT_FAILED);
        }
        return switch (status) {
            case FINISHED -> AmOutcome.succeeded(job + " finished under an earlier attempt");
            case CANCELED -> AmOutcome.killed(job + " was cancelled under an earlier attempt");
            default -> AmOutcome.failed(job + " ended " + status + " under an earlier attempt", AmOutcome.EXIT_FAILED);
        };
    }

    private static AmOutcome outcomeOf(JobGraph graph, JobResultInfo result) {
        String job = "job " + graph.name() + " (" + result.jobId() + ")";
        JobStatus status = result.status();
        return switch (status) {
            case FINISHED -> AmOutcome.succeeded(job + " finished");
            case CANCELED -> AmOutcome.killed(job + " was cancelled");
            default ->
                AmOutcome.failed(
                        job + " ended " + status + (result.failure() != null ? ": " + result.failure() : ""),
                        AmOutcome.EXIT_FAILED);
        };
    }

    @Override
    public void requestStop(AmOutcome outcome) {
        stop.complete(outcome);
    }
}
