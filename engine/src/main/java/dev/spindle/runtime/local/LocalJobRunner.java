package dev.spindle.runtime.local;

import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import dev.spindle.graph.JobGraph;
import dev.spindle.jobmanager.JobMaster;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a job graph in this JVM: a {@link JobMaster} whose tasks are threads of this JVM
 * ({@link LocalTaskDeployer}), seen through the {@link JobClient} interface.
 */
public final class LocalJobRunner implements JobClient {
    private final JobMaster jobMaster;

    public LocalJobRunner(JobGraph graph, ClassLoader userClassLoader) {
        this.jobMaster = new JobMaster(graph, userClassLoader, new LocalTaskDeployer());
    }

    /** Prepares and starts every task; returns at once. */
    public LocalJobRunner start() {
        jobMaster.start();
        return this;
    }

    /** The job's master: its details, checkpoints and failures. */
    public JobMaster jobMaster() {
        return jobMaster;
    }

    @Override
    public JobId getJobId() {
        return jobMaster.jobId();
    }

    @Override
    public CompletableFuture<JobStatus> getJobStatus() {
        return CompletableFuture.completedFuture(jobMaster.status());
    }

    @Override
    public CompletableFuture<Void> cancel() {
        jobMaster.cancel();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
        return jobMaster.result();
    }
}
