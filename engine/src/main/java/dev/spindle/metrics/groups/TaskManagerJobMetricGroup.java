package dev.spindle.metrics.groups;

import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.registry.MetricRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A job's group on a TaskManager (scope {@code metrics.scope.tm-job}): the parent of its tasks' groups. */
public final class TaskManagerJobMetricGroup extends AbstractMetricGroup {
    private final TaskManagerMetricGroup taskManager;
    private final String jobId;
    private final List<TaskMetricGroup> tasks = new ArrayList<>();

    TaskManagerJobMetricGroup(MetricRegistry registry, TaskManagerMetricGroup parent, String jobId, String jobName) {
        this(registry, parent, JobManagerJobMetricGroup.jobVariables(jobId, jobName), jobId);
    }

    private TaskManagerJobMetricGroup(
            MetricRegistry registry, TaskManagerMetricGroup parent, Map<String, String> own, String jobId) {
        super(
                registry,
                parent,
                registry.scopeFormats().taskManagerJob().format(JobManagerJobMetricGroup.merged(parent, own)),
                own,
                List.of("taskmanager", "job"),
                QueryScope.taskManager(parent.taskManagerId()),
                "");
        this.taskManager = parent;
        this.jobId = jobId;
    }

    String taskManagerId() {
        return taskManager.taskManagerId();
    }

    String jobId() {
        return jobId;
    }

    synchronized TaskMetricGroup addTask(String vertexId, String taskName, int subtaskIndex, int attemptNumber) {
        TaskMetricGroup task = new TaskMetricGroup(registry, this, vertexId, taskName, subtaskIndex, attemptNumber);
        tasks.add(task);
        return task;
    }

    /** A task's group closed: the job's group closes with the last one. */
    void taskClosed(TaskMetricGroup task) {
        boolean last;
        synchronized (taskManager) {
            synchronized (this) {
                tasks.remove(task);
                last = tasks.isEmpty();
            }
            if (last) {
                taskManager.jobClosed(jobId, this);
            }
        }
        if (last) {
            close();
        }
    }

    @Override
    public void close() {
        List<TaskMetricGroup> all;
        synchronized (this) {
            all = new ArrayList<>(tasks);
            tasks.clear();
        }
        all.forEach(TaskMetricGroup::close);
        super.close();
    }
}
