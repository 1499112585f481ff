package dev.spindle.runtime.task;

import dev.spindle.api.functions.LongCounter;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.state.KeyedStateBackend;
import java.util.Map;

/** The {@link RuntimeContext} of the functions of one operator of a task. */
final class TaskRuntimeContext implements RuntimeContext {
    private final TaskDescriptor task;
    private final Map<String, LongCounter> counters;
    private final ClassLoader userClassLoader;
    private KeyedStateBackend keyedState;

    TaskRuntimeContext(TaskDescriptor task, Map<String, LongCounter> counters, ClassLoader userClassLoader) {
        this.task = task;
        this.counters = counters;
        this.userClassLoader = userClassLoader;
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
        if (keyedState == null) {
            throw new IllegalStateException("keyed state is only available in functions on a keyed stream "
                    + "(after keyBy), such as process() on a KeyedStream");
        }
        return keyedState.valueState(descriptor);
    }

    @Override
    public ClassLoader userClassLoader() {
        return userClassLoader;
    }
}
