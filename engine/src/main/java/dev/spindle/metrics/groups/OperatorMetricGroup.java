package dev.spindle.metrics.groups;

import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.metrics.scope.ScopeFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An operator's metrics (scope {@code metrics.scope.operator}): its records in and out and what its
 * functions register through {@code getRuntimeContext().getMetricGroup()}.
 */
public final class OperatorMetricGroup extends AbstractMetricGroup {

    OperatorMetricGroup(
            MetricRegistry registry,
            TaskMetricGroup task,
            String operatorId,
            String operatorName,
            QueryScope queryScope) {
        this(registry, task, variables(operatorId, operatorName), queryScope);
    }

    private OperatorMetricGroup(
            MetricRegistry registry, TaskMetricGroup task, Map<String, String> own, QueryScope queryScope) {
        super(
                registry,
                task,
                registry.scopeFormats().operator().format(JobManagerJobMetricGroup.merged(task, own)),
                own,
                List.of("taskmanager", "job", "task", "operator"),
                queryScope,
                "");
    }

    private static Map<String, String> variables(String operatorId, String operatorName) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(ScopeFormat.OPERATOR_ID, operatorId);
        v.put(ScopeFormat.OPERATOR_NAME, operatorName);
        return v;
    }
}
