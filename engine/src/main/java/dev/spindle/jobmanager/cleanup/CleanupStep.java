package dev.spindle.jobmanager.cleanup;

import java.util.Objects;

/**
 * One part of a job's cleanup (its checkpoints, its high-availability entries, its jars, its
 * staging directory). A step may be run again after it failed, after it succeeded only in part,
 * and by another JobManager after this one died: {@link #run()} must be idempotent, and succeed
 * when there is nothing (left) to clean.
 */
public interface CleanupStep {

    /** What the step cleans, for the log and error messages ("checkpoints", "staging directory"). */
    String name();

    /** Cleans; throws when it could not, to be tried again per the cleanup strategy. */
    void run() throws Exception;

    /** The body of a step. */
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** A step named {@code name} that runs {@code action}. */
    static CleanupStep of(String name, Action action) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        return new CleanupStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run() throws Exception {
                action.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
