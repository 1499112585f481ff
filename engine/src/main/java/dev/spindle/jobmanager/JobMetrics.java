package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.core.JobStatus;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.MetricGroup;
import java.util.function.ToLongFunction;

/**
 * A job's metrics on the JobManager, under Flink's names: {@code uptime}, {@code numRestarts} and
 * the checkpoint counts, durations and sizes. Gauges read the {@link JobMaster} when reported.
 */
final class JobMetrics {
    private JobMetrics() {}

    static void register(MetricGroup group, JobMaster master) {
        group.gauge("uptime", (Gauge<Long>) () -> uptime(master));
        group.gauge("numRestarts", (Gauge<Integer>) master::numRestarts);
        checkpointGauge(group, master, "numberOfCompletedCheckpoints", CheckpointStats::completed);
        checkpointGauge(group, master, "numberOfFailedCheckpoints", CheckpointStats::failed);
        checkpointGauge(group, master, "numberOfInProgressCheckpoints", CheckpointStats::inProgress);
        checkpointGauge(group, master, "totalNumberOfCheckpoints", CheckpointStats::triggered);
        checkpointGauge(
                group,
                master,
                "lastCheckpointDuration",
                s -> s.latestCompleted() == null ? -1 : s.latestCompleted().duration());
        checkpointGauge(
                group,
                master,
                "lastCheckpointSize",
                s -> s.latestCompleted() == null ? -1 : s.latestCompleted().stateSize());
    }

    /** Milliseconds since the job started while it runs (Flink's uptime); -1 once it has ended. */
    private static long uptime(JobMaster master) {
        var details = master.details();
        if (details.status().isTerminal() || details.status() == JobStatus.CREATED) {
            return details.status() == JobStatus.CREATED ? 0 : -1;
        }
        return Math.max(0, System.currentTimeMillis() - details.startTimeMillis());
    }

    /** A gauge of the job's checkpoint statistics: 0 (or the stat's "none") for a job without checkpoints. */
    private static void checkpointGauge(
            MetricGroup group, JobMaster master, String name, ToLongFunction<CheckpointStats> stat) {
        group.gauge(name, (Gauge<Long>) () -> {
            CheckpointStats s = master.checkpointStats();
            return stat.applyAsLong(s == null ? CheckpointStats.none() : s);
        });
    }
}
