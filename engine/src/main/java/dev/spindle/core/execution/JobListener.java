package dev.spindle.core.execution;

import dev.spindle.core.JobExecutionResult;

/** Hears when an environment submits a job and when {@code execute()} sees it end. */
public interface JobListener {
    void onJobSubmitted(JobClient client);

    /** Called by {@code execute()} with the result or the failure (one of them is null). */
    default void onJobExecuted(JobExecutionResult result, Throwable failure) {}
}
