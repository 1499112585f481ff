package dev.spindle.runtime.task;

import dev.spindle.api.functions.LongCounter;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.MapState;
import dev.spindle.api.state.MapStateDescriptor;
import dev.spindle.api.state.ReducingState;
import dev.spindle.api.state.ReducingStateDescriptor;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.metrics.MetricGroup;
import dev.spindle.state.KeyedStateBackend;
import java.util.Map;

/** The {@link RuntimeContext} of the functions of one operator of a task. */
final class TaskRuntimeContext implements RuntimeContext {
    private final TaskDescriptor task;
    private final Map<String, LongCounter> counters;
    private final ClassLoader userClassLoader;
    private final MetricGroup metricGroup;
    private KeyedStateBackend keyedState;

    /** A context whose metric group registers nothing. */
    TaskRuntimeContext(TaskDescriptor task, Map<String, LongCounter> counters, ClassLoader userClassLoader) {
        this(task, counters, userClassLoader, TaskMetrics.unregistered(task));
    }

    TaskRuntimeContext(
            TaskDescriptor task,
            Map<String, LongCounter> counters,
            ClassLoader userClassLoader,
            MetricGroup metricGroup) {
        this.task = task;
        this.counters = counters;
        this.userClassLoader = userClassLoader;
        this.metricGroup = metricGroup;
    }

    @Override
    public MetricGroup getMetricGroup() {
        return metricGroup;
    }

    void setKeyedState(KeyedStateBackend backend) {
        this.keyedState = backend;
    }

    @Override
    public String taskName() {
        return task.taskName();
    }

    @Override
    public int indexOfThisSubtask() {
        return task.subtaskIndex();
    }

    @Override
    public int numberOfParallelSubtasks() {
        return task.parallelism();
    }

    @Override
    public LongCounter counter(String name) {
        return counters.computeIfAbsent(name, n -> new LongCounter());
    }

    @Override
    public <T> ValueState<T> state(ValueStateDescriptor<T> descriptor) {
        return keyedState().valueState(descriptor);
    }

    @Override
    public <T> ListState<T> listState(ListStateDescriptor<T> descriptor) {
        return keyedState().listState(descriptor);
    }

    @Override
    public <UK, UV> MapState<UK, UV> mapState(MapStateDescriptor<UK, UV> descriptor) {
        return keyedState().mapState(descriptor);
    }

    @Override
    public <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> descriptor) {
        return keyedState().reducingState(descriptor);
    }

    private KeyedStateBackend keyedState() {
        if (keyedState == null) {
            throw new IllegalStateException("a function in '" + task.vertexName() + "' asks for keyed state, but it "
                    + "does not run on a keyed stream; apply it right after keyBy (keyBy(...).map, flatMap, filter, "
                    + "process or addSink)");
        }
        return keyedState;
    }

    @Override
    public ClassLoader userClassLoader() {
        return userClassLoader;
    }
}
