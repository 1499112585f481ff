package dev.spindle.bench;

import static dev.spindle.bench.Figures.all;
import static dev.spindle.bench.Figures.max;
import static dev.spindle.bench.Figures.median;
import static dev.spindle.bench.Figures.ratio;

import dev.spindle.checkpoint.CheckpointStats;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What one local run of {@link SavepointBench} measured, printed as the benchmark's {@code
 * name=value} lines; {@link #problems} says which checks failed.
 *
 * @param checkpointsCompleted the job's completed periodic checkpoints, warm-up included
 * @param checkpoints the baseline: the periodic checkpoints completed after the first savepoint
 * @param checkpointDirBytes the bytes of one retained periodic checkpoint's directory, after the savepoints
 * @param savepoints the savepoints taken while the job ran, in order
 * @param stop the savepoint of the stop
 * @param stopToFinishedMillis from the stop request to the job FINISHED
 * @param finalStatus the job's status after the stop
 * @param recordsBeforeStop the records the keyed step received, all before the stop's savepoint
 * @param lastSavepoint what a job resumed from the last of {@code savepoints} read
 * @param stopSavepoint what a job resumed from the stop's savepoint read
 * @param checkpointsFailed checkpoints that failed during the run
 */
record SavepointFigures(
        SavepointBench.Arguments arguments,
        long storageInitMillis,
        long checkpointsCompleted,
        List<CheckpointStats.Entry> checkpoints,
        long checkpointDirBytes,
        List<Taken> savepoints,
        Taken stop,
        long stopToFinishedMillis,
        String finalStatus,
        long recordsBeforeStop,
        SavepointCheck.Result lastSavepoint,
        SavepointCheck.Result stopSavepoint,
        long checkpointsFailed) {
    SavepointFigures {
        checkpoints = List.copyOf(checkpoints);
        savepoints = List.copyOf(savepoints);
    }

    /**
     * One savepoint.
     *
     * @param id its checkpoint id
     * @param millis trigger to completion, as the job's checkpoint statistics record it
     * @param wallMillis from the request to the path returned (a request waits for a checkpoint in flight)
     * @param stateBytes the state file bytes the statistics record
     * @param dirBytes the bytes of all files in its directory ({@code _metadata} included)
     * @param files the number of those files
     */
    record Taken(long id, long millis, long wallMillis, long stateBytes, long dirBytes, long files) {}

    void print(PrintStream out) {
        long checkpointMillis = median(checkpoints, CheckpointStats.Entry::duration);
        long savepointMillis = median(savepoints, Taken::millis);
        long savepointBytes = median(savepoints, Taken::dirBytes);
        out.println("keys=" + arguments.keys());
        out.println("parallelism=" + arguments.parallelism());
        out.println("checkpoint_interval_ms=" + arguments.intervalMillis());
        out.println("rate_records_per_s=" + (arguments.rate() == 0 ? "unlimited" : arguments.rate()));
        out.println("checkpoints_completed=" + checkpointsCompleted);
        out.println("checkpoints_failed=" + checkpointsFailed);
        out.println("baseline_checkpoints=" + checkpoints.size());
        out.println("checkpoint_median_ms=" + checkpointMillis);
        out.println("checkpoint_max_ms=" + max(checkpoints, CheckpointStats.Entry::duration));
        out.println("checkpoint_state_bytes=" + median(checkpoints, CheckpointStats.Entry::stateSize));
        out.println("checkpoint_dir_bytes=" + checkpointDirBytes);
        out.println("savepoints=" + savepoints.size());
        out.println("savepoint_median_ms=" + savepointMillis);
        out.println("savepoint_max_ms=" + max(savepoints, Taken::millis));
        out.println("savepoint_wall_median_ms=" + median(savepoints, Taken::wallMillis));
        out.println("savepoint_state_bytes=" + median(savepoints, Taken::stateBytes));
        out.println("savepoint_dir_bytes=" + savepointBytes);
        out.println("savepoint_files=" + median(savepoints, Taken::files));
        out.println("savepoint_vs_checkpoint_duration_ratio=" + ratio(savepointMillis, checkpointMillis));
        out.println("savepoint_vs_checkpoint_size_ratio=" + ratio(savepointBytes, checkpointDirBytes));
        out.println("stop_savepoint_ms=" + stop.millis());
        out.println("stop_savepoint_dir_bytes=" + stop.dirBytes());
        out.println("stop_to_finished_ms=" + stopToFinishedMillis);
        out.println("final_status=" + finalStatus);
        out.println("records_before_stop=" + recordsBeforeStop);
        out.println("stop_savepoint_restored_keys=" + stopSavepoint.restoredKeys());
        out.println("stop_savepoint_restored_records=" + stopSavepoint.restoredRecords());
        out.println("savepoint_restored_keys=" + lastSavepoint.restoredKeys());
        out.println("checkpoint_storage_init_ms=" + storageInitMillis);
        out.println("checkpoint_durations_ms=" + all(checkpoints, CheckpointStats.Entry::duration));
        out.println("savepoint_durations_ms=" + all(savepoints, Taken::millis));
        out.println("savepoint_wall_ms=" + all(savepoints, Taken::wallMillis));
        out.flush();
    }

    /** The checks that failed, each as a phrase; empty when all hold. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        long keys = arguments.keys();
        for (Taken t : savepoints) {
            if (t.stateBytes() <= 0 || t.dirBytes() <= 0) {
                problems.add("savepoint " + t.id() + " is empty (" + t.dirBytes() + " bytes)");
            }
        }
        if (stop.dirBytes() <= 0) {
            problems.add("the stop's savepoint is empty");
        }
        if (!"FINISHED".equals(finalStatus)) {
            problems.add("the job ended " + finalStatus + " after the stop, not FINISHED");
        }
        if (lastSavepoint.keys() != keys || lastSavepoint.restoredKeys() != keys) {
            problems.add("the last savepoint held state of " + lastSavepoint.restoredKeys() + " keys, not " + keys);
        }
        if (stopSavepoint.keys() != keys || stopSavepoint.restoredKeys() != keys) {
            problems.add("the stop's savepoint held state of " + stopSavepoint.restoredKeys() + " keys, not " + keys);
        }
        if (stopSavepoint.restoredRecords() != recordsBeforeStop) {
            problems.add("the stop's savepoint counted " + stopSavepoint.restoredRecords()
                    + " records, but the job's keyed step received " + recordsBeforeStop);
        }
        return problems;
    }
}
