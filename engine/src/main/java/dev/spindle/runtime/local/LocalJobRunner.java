package dev.spindle.runtime.local;

import dev.spindle.api.JobClient;
import dev.spindle.api.JobExecutionResult;
import dev.spindle.api.JobId;
import dev.spindle.api.JobStatus;
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
