package dev.spindle.metrics.groups;

import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.metrics.scope.ScopeFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A subtask's metrics (scope {@code metrics.scope.task}) and its operators' groups. Closed when the
 * task ends, which removes all of them from the registry.
 */
public final class TaskMetricGroup extends AbstractMetricGroup {
    private final TaskManagerJobMetricGroup job;
    private final String vertexId;
    private final int subtaskIndex;
    private final List<OperatorMetricGroup> operators = new ArrayList<>();

    TaskMetricGroup(
            MetricRegistry registry,
            TaskManagerJobMetricGroup job,
            String vertexId,
            String taskName,
            int subtaskIndex,
            int attemptNumber) {
        this(registry, job, variables(vertexId, taskName, subtaskIndex, attemptNumber), vertexId, subtaskIndex);
    }

    private TaskMetricGroup(
            MetricRegistry registry,
            TaskManagerJobMetricGroup job,
            Map<String, String> own,
            String vertexId,
            int subtaskIndex) {
        super(
                registry,
                job,
                registry.scopeFormats().task().format(JobManagerJobMetricGroup.merged(job, own)),
                own,
                List.of("taskmanager", "job", "task"),
                QueryScope.task(job.taskManagerId(), job.jobId(), vertexId, subtaskIndex),
                "");
        this.job = job;
        this.vertexId = vertexId;
        this.subtaskIndex = subtaskIndex;
    }

    private static Map<String, String> variables(String vertexId, String taskName, int subtask, int attempt) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(ScopeFormat.TASK_ID, vertexId);
        v.put(ScopeFormat.TASK_NAME, taskName);
        v.put(ScopeFormat.TASK_ATTEMPT_ID, vertexId + "_" + subtask + "_" + attempt);
        v.put(ScopeFormat.TASK_ATTEMPT_NUM, Integer.toString(attempt));
        v.put(ScopeFormat.SUBTASK_INDEX, Integer.toString(subtask));
        return v;
    }

    /** A new group for the operator {@code operatorName} of this task's chain. */
    public synchronized OperatorMetricGroup addOperator(String operatorId, String operatorName) {
        OperatorMetricGroup op = new OperatorMetricGroup(
                registry,
                this,
                operatorId,
                operatorName,
                QueryScope.operator(job.taskManagerId(), job.jobId(), vertexId, subtaskIndex, operatorName));
        if (!isClosed()) {
            operators.add(op);
        }
        return op;
    }

    @Override
    public void close() {
        if (isClosed()) {
            return;
        }
        List<OperatorMetricGroup> all;
        synchronized (this) {
            all = new ArrayList<>(operators);
            operators.clear();
        }
        all.forEach(OperatorMetricGroup::close);
        super.close();
        job.taskClosed(this);
    }
}
