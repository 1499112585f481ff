package dev.spindle.api.functions;

import dev.spindle.api.state.KeyedStateStore;

/**
 * What a running function can learn about and use from the task it runs in. Its keyed state
 * ({@link KeyedStateStore}: {@code state}, {@code listState}, {@code mapState},
 * {@code reducingState}) is there for functions applied to a keyed stream (after {@code keyBy}:
 * {@code map}, {@code flatMap}, {@code filter}, {@code process}, {@code addSink}), scoped to the key
 * of the current record; elsewhere asking for it fails.
 */
public interface RuntimeContext extends KeyedStateStore {
    String taskName();

    int indexOfThisSubtask();

    int numberOfParallelSubtasks();

    /** A counter summed over all subtasks; its total is in the job result under {@code name}. */
    LongCounter counter(String name);

    ClassLoader userClassLoader();
}
