package dev.spindle.runtime.local;

import dev.spindle.config.Configuration;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.core.execution.PipelineExecutorFactory;
import dev.spindle.core.execution.PipelineExecutorServiceLoader;

/** Registers {@link LocalExecutor} as the target {@value PipelineExecutorServiceLoader#LOCAL}. */
public final class LocalExecutorFactory implements PipelineExecutorFactory {

    @Override
    public String name() {
        return PipelineExecutorServiceLoader.LOCAL;
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
        return new LocalExecutor();
    }
}
