package dev.spindle.client.cli;

import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code -s/--fromSavepoint} and {@code -n/--allowNonRestoredState} of {@code run} and {@code
 * run-application} (Flink's names): the program's jobs start from a savepoint or retained
 * checkpoint. They become {@code execution.savepoint.path} and {@code
 * execution.savepoint.ignore-unclaimed-state} in the jobs' configuration, winning over {@code -D};
 * the cluster reads them when it starts each job, and refuses a path that is no savepoint there.
 */
final class SavepointRestoreOptions {
    @Option(
            names = {"-s", "--fromSavepoint"},
            paramLabel = "<savepointPath>",
            order = 6,
            description = "Start the program's jobs from this savepoint or retained checkpoint (its directory, as "
                    + "'spindle savepoint' or 'spindle checkpoints' printed it; an absolute path or a URI such as "
                    + "hdfs:///savepoints/savepoint-1a2b3c-4d5e6f7a8b9c). Sets execution.savepoint.path.")
    private String savepointPath;

    @Option(
            names = {"-n", "--allowNonRestoredState"},
            order = 7,
            description = "With -s: start even if the savepoint holds state of an operator the job no longer has "
                    + "(that state is dropped). Without it such a job is refused, naming the operator ids. Sets "
                    + "execution.savepoint.ignore-unclaimed-state.")
    private boolean allowNonRestoredState;

    /**
     * Checks the path's syntax (a usage error when it is blank, relative or not a URI); whether it
     * exists only the cluster can tell.
     */
    void check(CommandSpec spec) {
        SavepointArguments.directory(spec, savepointPath, "-s/--fromSavepoint");
    }

    /** Puts the options that were given into {@code config}. */
    void applyTo(Configuration config) {
        if (savepointPath != null) {
            config.set(CheckpointingOptions.SAVEPOINT_PATH, savepointPath);
        }
        if (allowNonRestoredState) {
            config.set(CheckpointingOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        }
    }
}
