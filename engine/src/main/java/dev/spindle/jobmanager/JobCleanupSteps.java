package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CheckpointStorage;
import dev.spindle.checkpoint.CheckpointStorageException;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.core.CheckpointRetention;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.jobmanager.cleanup.CleanupStep;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cleanup steps of a job that reached a globally terminal state, in two stages: first what
 * lives outside the high-availability data (the checkpoints, as their retention says), then the
 * high-availability data. The order matters for a cleanup that is run again: the job graph in the
 * job graph store is what says where the checkpoints are and which retention applies, so it goes
 * only once the checkpoints are dealt with.
 */
final class JobCleanupSteps {
    private static final Logger LOG = LoggerFactory.getLogger(JobCleanupSteps.class);

    /** The name of the checkpoint step, as the log and a {@link dev.spindle.jobmanager.cleanup.CleanupException} show it. */
    static final String CHECKPOINTS = "delete the checkpoints";

    private JobCleanupSteps() {}

    /** The job's graph, asked on each try of a step (it may be read from the job graph store). */
    @FunctionalInterface
    interface GraphSource {
        /**
         * The graph; null when the job graph store no longer has it, which means an earlier run of
         * this cleanup got past the steps that need it.
         */
        JobGraph graph() throws Exception;
    }

    /**
     * The steps that need the job graph.
     *
     * @param graph the job's graph; a try that cannot read it fails (and is retried)
     * @param status how the job ended; null if unknown (then its checkpoints are kept)
     */
    static List<CleanupStep> first(JobId jobId, GraphSource graph, JobStatus status) {
        return List.of(CleanupStep.of(CHECKPOINTS, () -> deleteCheckpoints(jobId, graph.graph(), status)));
    }

    /** The steps that remove the high-availability data, the job graph last of all. */
    static List<CleanupStep> last(JobId jobId, HighAvailabilityServices services) {
        return List.of(
                CleanupStep.of(
                        "remove the job graph and jars",
                        () -> services.jobGraphStore().remove(jobId)),
                CleanupStep.of("remove the checkpoint pointers and counter", () -> services.cleanupJobData(jobId)));
    }

    /**
     * Deletes the job's checkpoint directory unless {@code execution.checkpointing.externalized-checkpoint-retention}
     * keeps the checkpoints of a job that ended {@code status}. The JobMaster tried it once already
     * when the job ended; this is the try that is repeated until it succeeds.
     */
    private static void deleteCheckpoints(JobId jobId, JobGraph graph, JobStatus status) throws Exception {
        if (graph == null) {
            return;
        }
        Configuration config = Configuration.fromMap(graph.configuration());
        if (!JobCheckpointing.enabled(graph, config)) {
            return;
        }
        CheckpointRetention retention;
        CheckpointStorage storage;
        try {
            retention = config.get(CheckpointingOptions.RETENTION);
            storage = CheckpointStorage.forJob(config, jobId);
        } catch (IllegalConfigurationException | CheckpointStorageException e) {
            // The job failed at its start with this error: it wrote no checkpoint, and retrying cannot help.
            LOG.warn("Job {} has no checkpoints to delete: {}", jobId, e.getMessage());
            return;
        }
        if (status == null || retention.keepsCheckpointsOf(status)) {
            LOG.info("The checkpoints of job {} are kept ({} after {})", jobId, retention, status);
            return;
        }
        storage.discardJobDirectory();
    }
}
