package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CompletedCheckpoint;
import dev.spindle.graph.JobGraph;
import dev.spindle.jobmanager.restart.RestartStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restarts of a {@link JobMaster}'s job: decides with the job's {@link RestartStrategy}
 * whether a failure restarts the job, and once every task of the failed attempt has ended runs
 * the restart: gets the job's resources back at once, waits out the strategy's backoff, then has
 * the job master deploy the next attempt from the latest completed checkpoint. Kept apart from the
 * job master so that the restart flow reads in one place; the job's state stays in the job master,
 * which this class reads and changes through its methods.
 *
 * <p>Threading: {@link #restartsAfter} runs under the job master's lock; the rest runs off it,
 * the delayed steps on the job's {@link JobCheckpointing} timer thread. The strategy is used only
 * under the job master's lock.
 */
final class JobRestarts {
    private static final Logger LOG = LoggerFactory.getLogger(JobRestarts.class);

    private final JobMaster job;
    private final JobGraph graph;
    private final RestartStrategy strategy;
    private final JobCheckpointing checkpointing;
    private final TaskDeployer deployer;

    JobRestarts(JobMaster job, JobGraph graph, JobCheckpointing checkpointing, TaskDeployer deployer) {
        this.job = job;
        this.graph = graph;
        this.strategy = checkpointing.restartStrategy();
        this.checkpointing = checkpointing;
        this.deployer = deployer;
    }

    /**
     * A failure at {@code now} (of {@code taskName}, or of the job as a whole when null): whether
     * the job restarts (true) or fails. Under the job master's lock.
     */
    boolean restartsAfter(Throwable cause, String taskName, long now) {
        strategy.notifyFailure(now);
        if (strategy.canRestart(now)) {
            LOG.info(
                    "Job {} ({}) restarts after a failure of {}: {}",
                    graph.name(),
                    graph.jobId(),
                    taskName,
                    cause.toString());
            return true;
        }
        LOG.info(
                "Job {} ({}) fails; its restart strategy, {}, allows no more restarts",
                graph.name(),
                graph.jobId(),
                strategy.description());
        return false;
    }

    /** Every task of the current attempt has ended: the job restarts, or it ends. */
    void allTasksEnded() {
        long backoff;
        int next;
        synchronized (job) {
            next = job.nextAttemptIfRestarting();
            backoff = next < 0 ? -1 : strategy.backoffMillis(System.currentTimeMillis());
        }
        if (backoff < 0) {
            job.complete();
            return;
        }
        LOG.info("Job {} ({}) restarts in {} ms", graph.name(), graph.jobId(), backoff);
        long deployAt = System.currentTimeMillis() + backoff;
        // Resources first, at once: new TaskManagers start during the backoff, not after it.
        checkpointing.schedule(() -> restart(next, deployAt), 0);
    }

    /**
     * Gets the job's resources back (slots, replacing those of lost TaskManagers), then deploys it
     * again as attempt {@code next}, not before {@code deployAt}; on the job's timer thread.
     */
    private void restart(int next, long deployAt) {
        if (!job.restartsAs(next)) {
            return; // cancelled meanwhile
        }
        try {
            deployer.prepareRestart(graph.jobId());
        } catch (Exception e) {
            LOG.warn("Job {} ({}) could not get its resources back: {}", graph.name(), graph.jobId(), e.toString());
            if (job.restartFailed(e)) {
                job.complete();
            }
            return;
        }
        long wait = deployAt - System.currentTimeMillis();
        if (wait > 0) {
            checkpointing.schedule(() -> deployAttempt(next), wait);
        } else {
            deployAttempt(next);
        }
    }

    /** Deploys every task as attempt {@code next}, restored from the latest checkpoint; timer thread. */
    private void deployAttempt(int next) {
        if (!job.restartsAs(next)) {
            return; // cancelled meanwhile
        }
        CompletedCheckpoint restore = checkpointing.latestCompleted();
        if (job.beginAttempt(next)) {
            job.deployRestarted(next, restore);
        }
    }
}
