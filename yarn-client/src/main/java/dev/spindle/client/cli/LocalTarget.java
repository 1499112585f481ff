package dev.spindle.client.cli;

import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.program.UserProgram;
import dev.spindle.runtime.local.LocalExecutor;

/** {@code -t local}: the CLI's JVM is the cluster; each job runs in it with real parallel tasks. */
final class LocalTarget implements RunTarget {
    static final String NAME = "local";

    @Override
    public PipelineExecutor newExecutor(UserProgram program) {
        return new LocalExecutor();
    }

    @Override
    public boolean jobsOutliveClient() {
        return false;
    }
}
