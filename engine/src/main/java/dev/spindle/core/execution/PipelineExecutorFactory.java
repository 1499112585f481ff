package dev.spindle.core.execution;

import dev.spindle.config.Configuration;

/**
 * Makes the executors of one deployment target. Found by {@link PipelineExecutorServiceLoader}
 * through {@link java.util.ServiceLoader} (a {@code META-INF/services} entry), so that the API can
 * run a job on a target without depending on the package that implements it.
 */
public interface PipelineExecutorFactory {
    /** The target's name, e.g. {@value PipelineExecutorServiceLoader#LOCAL}. */
    String name();

    /** An executor for jobs of an environment with this configuration. */
    PipelineExecutor getExecutor(Configuration configuration);
}
