package dev.spindle.metrics.groups;

import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.metrics.scope.ScopeFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TaskManager's metrics (scope {@code metrics.scope.tm}) and the groups of the jobs it runs tasks
 * of; a job's group goes when its last task's group closes.
 */
public final class TaskManagerMetricGroup extends AbstractMetricGroup {
    private final String taskManagerId;
    private final Map<String, TaskManagerJobMetricGroup> jobs = new HashMap<>();

    public TaskManagerMetricGroup(MetricRegistry registry, String host, String taskManagerId) {
        this(registry, variables(host, taskManagerId), taskManagerId);
    }

    private TaskManagerMetricGroup(MetricRegistry registry, Map<String, String> variables, String taskManagerId) {
        super(
                registry,
                null,
                registry.scopeFormats().taskManager().format(variables),
                variables,
                List.of("taskmanager"),
                QueryScope.taskManager(taskManagerId),
                "");
        this.taskManagerId = taskManagerId;
    }

    private static Map<String, String> variables(String host, String taskManagerId) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(ScopeFormat.HOST, host);
        v.put(ScopeFormat.TM_ID, taskManagerId);
        return v;
    }

    /** A group that registers nothing, for tasks run without a TaskManager's registry (tests, tools). */
    public static TaskManagerMetricGroup unregistered() {
        return new TaskManagerMetricGroup(MetricRegistry.disabled(), "localhost", "unregistered");
    }

    public String taskManagerId() {
        return taskManagerId;
    }

    /**
     * The group of a task of the job {@code jobId} that runs here: the job's group is made with its
     * first task and closed with its last.
     */
    public synchronized TaskMetricGroup addTask(
            String jobId, String jobName, String vertexId, String taskName, int subtaskIndex, int attemptNumber) {
        TaskManagerJobMetricGroup job = jobs.get(jobId);
        if (job == null) {
            job = new TaskManagerJobMetricGroup(registry, this, jobId, jobName);
            if (!isClosed()) {
                jobs.put(jobId, job);
            }
        }
        return job.addTask(vertexId, taskName, subtaskIndex, attemptNumber);
    }

    /** Called by a job's group that closed with its last task. */
    synchronized void jobClosed(String jobId, TaskManagerJobMetricGroup job) {
        jobs.remove(jobId, job);
    }

    @Override
    public void close() {
        List<TaskManagerJobMetricGroup> all;
        synchronized (this) {
            all = List.copyOf(jobs.values());
            jobs.clear();
        }
        all.forEach(TaskManagerJobMetricGroup::close);
        super.close();
    }
}
