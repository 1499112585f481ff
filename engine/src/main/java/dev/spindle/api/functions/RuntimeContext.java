package dev.spindle.api.functions;

import dev.spindle.api.state.KeyedStateStore;
import dev.spindle.metrics.MetricGroup;

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

    /**
     * The metric group of the function's operator: what it registers there (counters, gauges,
     * meters, histograms) is reported with the operator's scope while the task runs and removed
     * when it ends. See docs/metrics.md.
     */
    MetricGroup getMetricGroup();
}
