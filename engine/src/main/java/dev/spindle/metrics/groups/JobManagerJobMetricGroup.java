package dev.spindle.metrics.groups;

import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.metrics.scope.ScopeFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job's metrics on the JobManager (scope {@code metrics.scope.jm-job}): checkpoints, restarts, uptime. */
public final class JobManagerJobMetricGroup extends AbstractMetricGroup {

    JobManagerJobMetricGroup(MetricRegistry registry, JobManagerMetricGroup parent, String jobId, String jobName) {
        this(registry, parent, jobVariables(jobId, jobName), jobId);
    }

    private JobManagerJobMetricGroup(
            MetricRegistry registry, JobManagerMetricGroup parent, Map<String, String> own, String jobId) {
        super(
                registry,
                parent,
                registry.scopeFormats().jobManagerJob().format(merged(parent, own)),
                own,
                List.of("jobmanager", "job"),
                QueryScope.job(jobId),
                "");
    }

    static Map<String, String> jobVariables(String jobId, String jobName) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(ScopeFormat.JOB_ID, jobId);
        v.put(ScopeFormat.JOB_NAME, jobName == null ? "" : jobName);
        return v;
    }

    static Map<String, String> merged(AbstractMetricGroup parent, Map<String, String> own) {
        Map<String, String> all = new LinkedHashMap<>(parent.getAllVariables());
        all.putAll(own);
        return all;
    }
}
