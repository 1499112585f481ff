package dev.spindle.runtime.local;

import dev.spindle.config.Configuration;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import dev.spindle.graph.JobGraph;
import dev.spindle.jobmanager.JobMaster;
import dev.spindle.metrics.dump.MetricDumpSource;
import dev.spindle.metrics.groups.JvmMetrics;
import dev.spindle.metrics.groups.TaskManagerMetricGroup;
import dev.spindle.metrics.registry.MetricRegistry;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a job graph in this JVM: a {@link JobMaster} whose tasks are threads of this JVM
 * ({@link LocalTaskDeployer}), seen through the {@link JobClient} interface. Its metrics go into a
 * registry of its own, made from the job's configuration (its reporters too), as the metrics of a
 * TaskManager named {@code local}; the registry closes when the job ends.
 */
public final class LocalJobRunner implements JobClient {
    private final JobMaster jobMaster;
    private final MetricRegistry metrics;

    /**
     * @throws dev.spindle.config.IllegalConfigurationException when a metric option of the job's
     *     configuration cannot be used
     */
    public LocalJobRunner(JobGraph graph, ClassLoader userClassLoader) {
        this.metrics = MetricRegistry.create(Configuration.fromMap(graph.configuration()));
        TaskManagerMetricGroup group = new TaskManagerMetricGroup(metrics, "localhost", "local");
        JvmMetrics.register(group);
        this.jobMaster = new JobMaster(graph, userClassLoader, new LocalTaskDeployer(group));
        jobMaster.result().whenComplete((r, t) -> {
            group.close();
            metrics.close();
        });
    }

    /** Prepares and starts every task; returns at once. */
    public LocalJobRunner start() {
        jobMaster.start();
        return this;
    }

    /** The metrics of the job's tasks while it runs. */
    public MetricDumpSource metricDumps() {
        return metrics;
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
