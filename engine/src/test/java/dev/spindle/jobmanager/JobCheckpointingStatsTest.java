package dev.spindle.jobmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.checkpoint.CheckpointConfig;
import dev.spindle.checkpoint.CheckpointJobActions;
import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.CheckpointRetention;
import dev.spindle.core.CheckpointingMode;
import dev.spindle.graph.JobGraph;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What clients see of a job's checkpointing before the job has started (waiting for slots). */
class JobCheckpointingStatsTest {
    private static final CheckpointJobActions NO_ACTIONS = new CheckpointJobActions() {
        @Override
        public boolean allTasksRunning() {
            return false;
        }

        @Override
        public void triggerCheckpoint(
                long checkpointId, long timestamp, dev.spindle.checkpoint.CheckpointOptions options) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {}

        @Override
        public void failJob(Throwable cause) {}
    };

    private static JobGraph job(boolean checkpointed) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "file:///data/checkpoints/");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        if (checkpointed) {
            env.enableCheckpointing(250, CheckpointingMode.AT_LEAST_ONCE);
        }
        env.fromSequence(1, 10).addSink(v -> {});
        return env.getJobGraph("waiting");
    }

    @Test
    void aCheckpointedJobThatHasNotStartedHasNoCheckpointsYetAndItsSettings() {
        JobGraph graph = job(true);
        JobCheckpointing checkpointing = new JobCheckpointing(
                graph,
                NO_ACTIONS,
                new dev.spindle.ha.InMemoryCheckpointPointerStore(),
                new dev.spindle.ha.InMemoryCheckpointIdCounter());

        assertEquals(CheckpointStats.none(), checkpointing.stats());
        assertEquals(
                new CheckpointConfig(
                        CheckpointingMode.AT_LEAST_ONCE,
                        Duration.ofMillis(250),
                        Duration.ofMinutes(10),
                        Duration.ZERO,
                        0,
                        CheckpointRetention.DELETE_ON_CANCELLATION,
                        1,
                        "file:///data/checkpoints/" + graph.jobId()),
                checkpointing.config());
    }

    @Test
    void aJobWithoutCheckpointsHasNeither() {
        JobCheckpointing checkpointing = new JobCheckpointing(
                job(false),
                NO_ACTIONS,
                new dev.spindle.ha.InMemoryCheckpointPointerStore(),
                new dev.spindle.ha.InMemoryCheckpointIdCounter());

        assertNull(checkpointing.stats());
        assertNull(checkpointing.config());
    }
}
