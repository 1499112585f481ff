package dev.spindle.bench;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.LongCounter;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.functions.SinkFunction;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.runtime.local.LocalJobRunner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Checks a savepoint of the keyed count the way a user relies on it: a short job resumes from it
 * and reads the keyed state back. The job is the keyed count of {@link SavepointBench#keyedCount}
 * (so its keyed step has the uid whose state the savepoint holds) over a new generator of exactly
 * one record per key (another uid: the old source's position is dropped, as with {@code
 * --allowNonRestoredState}). Each key's first output is then its count in the savepoint plus one,
 * and a counting sink adds up how many keys had state and their counts.
 */
final class SavepointCheck {
    static final String KEYS_COUNTER = "check.keys";
    static final String RESTORED_KEYS_COUNTER = "check.restored-keys";
    static final String RESTORED_RECORDS_COUNTER = "check.restored-records";

    private SavepointCheck() {}

    /**
     * What the resumed job saw.
     *
     * @param keys keys the job counted (one record each)
     * @param restoredKeys keys whose count came from the savepoint (a count above one)
     * @param restoredRecords the sum of the counts in the savepoint: the records counted before it
     */
    record Result(long keys, long restoredKeys, long restoredRecords) {}

    /** Resumes the keyed count of {@code keys} keys from {@code savepoint} and returns what it read. */
    static Result resume(String savepoint, long keys, int parallelism, String checkpointDir) throws Exception {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        conf.set(CheckpointingOptions.SAVEPOINT_PATH, savepoint);
        conf.set(CheckpointingOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(parallelism);
        // Savepoints need checkpoints; this short job needs none of its own but its final one.
        env.enableCheckpointing(TimeUnit.MINUTES.toMillis(10));
        SavepointBench.keyedCount(env, keys, keys, 0, "check-records").addSink(new CountingSink());
        LocalJobRunner job =
                new LocalJobRunner(env.getJobGraph("SavepointCheck"), SavepointCheck.class.getClassLoader());
        JobExecutionResult result;
        try {
            result = job.start().getJobExecutionResult().get(SavepointBench.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "resuming from the savepoint " + savepoint + " failed: " + e.getCause(), e.getCause());
        }
        Result r = new Result(
                result.counter(KEYS_COUNTER),
                result.counter(RESTORED_KEYS_COUNTER),
                result.counter(RESTORED_RECORDS_COUNTER));
        System.err.printf(
                "SavepointBench: resumed from %s: %d keys, %d with state, %d records counted in it%n",
                savepoint, r.keys(), r.restoredKeys(), r.restoredRecords());
        return r;
    }

    /** Reads {@code key,count} lines: counts the keys, those with a restored count, and the restored counts. */
    static final class CountingSink implements SinkFunction<String>, RichFunction {
        private static final long serialVersionUID = 1L;
        private transient LongCounter keys;
        private transient LongCounter restoredKeys;
        private transient LongCounter restoredRecords;

        @Override
        public void open(RuntimeContext context) {
            keys = context.counter(KEYS_COUNTER);
            restoredKeys = context.counter(RESTORED_KEYS_COUNTER);
            restoredRecords = context.counter(RESTORED_RECORDS_COUNTER);
        }

        @Override
        public void invoke(String line) {
            long restored = Long.parseLong(line.substring(line.indexOf(',') + 1)) - 1;
            keys.increment();
            if (restored > 0) {
                restoredKeys.increment();
                restoredRecords.add(restored);
            }
        }
    }
}
