package dev.spindle.metrics.groups;

import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.metrics.scope.ScopeFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The JobManager process's metrics (scope {@code metrics.scope.jm}) and its jobs' groups. */
public final class JobManagerMetricGroup extends AbstractMetricGroup {
    private final Map<String, JobManagerJobMetricGroup> jobs = new HashMap<>();

    public JobManagerMetricGroup(MetricRegistry registry, String host) {
        this(registry, Map.of(ScopeFormat.HOST, host));
    }

    private JobManagerMetricGroup(MetricRegistry registry, Map<String, String> variables) {
        super(
                registry,
                null,
                registry.scopeFormats().jobManager().format(variables),
                variables,
                List.of("jobmanager"),
                QueryScope.jobManager(),
                "");
    }

    /** The group of a job on this JobManager; the same group for the same id until it is closed. */
    public synchronized JobManagerJobMetricGroup addJob(String jobId, String jobName) {
        JobManagerJobMetricGroup job = jobs.get(jobId);
        if (job == null || job.isClosed()) {
            job = new JobManagerJobMetricGroup(registry, this, jobId, jobName);
            if (!isClosed()) {
                jobs.put(jobId, job);
            }
        }
        return job;
    }

    /** Closes and forgets the group of a job that left this JobManager. */
    public void removeJob(String jobId) {
        JobManagerJobMetricGroup job;
        synchronized (this) {
            job = jobs.remove(jobId);
        }
        if (job != null) {
            job.close();
        }
    }

    @Override
    public void close() {
        List<JobManagerJobMetricGroup> all;
        synchronized (this) {
            all = List.copyOf(jobs.values());
            jobs.clear();
        }
        all.forEach(JobManagerJobMetricGroup::close);
        super.close();
    }
}
