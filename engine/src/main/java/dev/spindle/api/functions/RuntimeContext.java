package dev.spindle.api.functions;

import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.MapState;
import dev.spindle.api.state.MapStateDescriptor;
import dev.spindle.api.state.ReducingState;
import dev.spindle.api.state.ReducingStateDescriptor;
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
     * a keyed stream. The keyed states are kept in checkpoints; values handed to them must not
     * be changed afterwards (a checkpoint may still be writing them).
     */
    <T> ValueState<T> state(ValueStateDescriptor<T> descriptor);

    /** Keyed list state, scoped to the key of the current record; see {@link #state}. */
    <T> ListState<T> listState(ListStateDescriptor<T> descriptor);

    /** Keyed map state, scoped to the key of the current record; see {@link #state}. */
    <UK, UV> MapState<UK, UV> mapState(MapStateDescriptor<UK, UV> descriptor);

    /** Keyed reducing state, scoped to the key of the current record; see {@link #state}. */
    <T> ReducingState<T> reducingState(ReducingStateDescriptor<T> descriptor);

    ClassLoader userClassLoader();
}
