package dev.spindle.jobmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.core.CheckpointRetention;
import dev.spindle.core.JobStatus;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.graph.JobGraph;
import dev.spindle.jobmanager.cleanup.CleanupStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint step of a job's cleanup on the real local file system: it deletes the job's
 * checkpoint directory exactly when {@code execution.checkpointing.externalized-checkpoint-retention}
 * says the ended job's checkpoints go, and is a no-op when run again.
 */
class JobCleanupStepsTest {
    @TempDir
    Path dir;

    private JobGraph job(CheckpointRetention retention, boolean checkpointing, RuntimeExecutionMode mode) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        if (checkpointing) {
            env.enableCheckpointing(100);
        }
        env.setRuntimeMode(mode);
        env.getConfiguration()
                .set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        env.getConfiguration().set(CheckpointingOptions.RETENTION, retention);
        env.fromSequence(1, 10).addSink(v -> {});
        return env.getJobGraph("cleanup steps");
    }

    /** Runs the checkpoint step for a job with checkpoint files; whether they are still there after. */
    private boolean checkpointsKept(JobGraph graph, JobStatus status) throws Exception {
        Path checkpoint = dir.resolve(graph.jobId().toString()).resolve("chk-3");
        Files.createDirectories(checkpoint);
        Files.writeString(checkpoint.resolve("_metadata"), "metadata");
        List<CleanupStep> steps = JobCleanupSteps.first(graph.jobId(), () -> graph, status);
        assertEquals(
                List.of(JobCleanupSteps.CHECKPOINTS),
                steps.stream().map(CleanupStep::name).toList());
        steps.get(0).run();
        steps.get(0).run(); // run again (a retry, the next JobManager): nothing left, no error
        return Files.exists(dir.resolve(graph.jobId().toString()));
    }

    @Test
    void theRetentionDecidesWhichEndedJobsKeepTheirCheckpoints() throws Exception {
        RuntimeExecutionMode streaming = RuntimeExecutionMode.STREAMING;
        for (CheckpointRetention retention : CheckpointRetention.values()) {
            assertFalse(checkpointsKept(job(retention, true, streaming), JobStatus.FINISHED), retention + " FINISHED");
        }
        assertTrue(checkpointsKept(job(CheckpointRetention.DELETE_ON_CANCELLATION, true, streaming), JobStatus.FAILED));
        assertTrue(checkpointsKept(job(CheckpointRetention.RETAIN_ON_CANCELLATION, true, streaming), JobStatus.FAILED));
        assertFalse(checkpointsKept(
                job(CheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS, true, streaming), JobStatus.FAILED));
        assertFalse(
                checkpointsKept(job(CheckpointRetention.DELETE_ON_CANCELLATION, true, streaming), JobStatus.CANCELED));
        assertTrue(
                checkpointsKept(job(CheckpointRetention.RETAIN_ON_CANCELLATION, true, streaming), JobStatus.CANCELED));
        assertFalse(checkpointsKept(
                job(CheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS, true, streaming), JobStatus.CANCELED));
    }

    @Test
    void withoutAGraphAStatusOrCheckpointsTheStepLeavesTheFilesAlone() throws Exception {
        JobGraph graph = job(CheckpointRetention.DELETE_ON_CANCELLATION, true, RuntimeExecutionMode.STREAMING);
        Path checkpoints = dir.resolve(graph.jobId().toString());
        Files.createDirectories(checkpoints);
        // No graph: an earlier run of the cleanup got past this step and removed it.
        JobCleanupSteps.first(graph.jobId(), () -> null, JobStatus.FINISHED)
                .get(0)
                .run();
        // No status: the dirty entry is gone meanwhile; nothing is deleted on a guess.
        JobCleanupSteps.first(graph.jobId(), () -> graph, null).get(0).run();
        assertTrue(Files.exists(checkpoints));
        JobGraph noCheckpoints = job(CheckpointRetention.DELETE_ON_CANCELLATION, false, RuntimeExecutionMode.STREAMING);
        assertTrue(checkpointsKept(noCheckpoints, JobStatus.FINISHED), "a job without checkpointing");
        JobGraph batch = job(CheckpointRetention.DELETE_ON_CANCELLATION, true, RuntimeExecutionMode.BATCH);
        assertTrue(checkpointsKept(batch, JobStatus.FINISHED), "a BATCH job");
    }

    /** A job whose checkpoint settings are invalid failed at its start: no checkpoint to delete, no endless retry. */
    @Test
    void invalidCheckpointSettingsAreNothingToDeleteNotAFailure() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.enableCheckpointing(100);
        env.getConfiguration().set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "nosuchscheme://somewhere/checkpoints");
        env.fromSequence(1, 10).addSink(v -> {});
        JobGraph graph = env.getJobGraph("bad checkpoint directory");
        JobCleanupSteps.first(graph.jobId(), () -> graph, JobStatus.FAILED)
                .get(0)
                .run();
    }
}
