package dev.spindle.api.functions;

import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;

/** What a running function can learn about and use from the task it runs in. */
public interface RuntimeContext {
    String taskName();

    int indexOfThisSubtask();

    int numberOfParallelSubtasks();

    /** A counter summed over all subtasks; its total is in the job result under {@code name}. */
    LongCounter counter(String name);

    /**
     * Keyed value state, scoped to the key of the current record. Only in functions applied to
     * a keyed stream.
     */
    <T> ValueState<T> state(ValueStateDescriptor<T> descriptor);

    ClassLoader userClassLoader();
}
