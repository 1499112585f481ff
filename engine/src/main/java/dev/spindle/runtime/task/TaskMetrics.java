package dev.spindle.runtime.task;

import dev.spindle.graph.JobVertex;
import dev.spindle.metrics.SimpleCounter;
import dev.spindle.metrics.groups.OperatorMetricGroup;
import dev.spindle.metrics.groups.TaskIOMetrics;
import dev.spindle.metrics.groups.TaskManagerMetricGroup;
import dev.spindle.metrics.groups.TaskMetricGroup;
import dev.spindle.network.InputGate;
import dev.spindle.network.RecordWriter;
import java.util.List;
import java.util.function.Supplier;

/**
 * A task's metrics: its group, its I/O counters (which also give the job result's record counts)
 * and its operators' groups. An operator's records out are the next operator's records in (one
 * counter, counted by the chain's output between them); the head's records in are the task's, the
 * tail's records out the task's when the task writes to an exchange.
 *
 * <p>Threading: made and registered on the task thread; {@link #close} there too, before the
 * task reports its end, so that a finished task's metrics are gone when its end is known.
 */
final class TaskMetrics {
    private final TaskMetricGroup group;
    private final TaskIOMetrics io = new TaskIOMetrics();

    TaskMetrics(TaskMetricGroup group) {
        this.group = group;
    }

    /** A task's metrics that are registered nowhere (a task run without a TaskManager's registry). */
    static TaskMetricGroup unregistered(TaskDescriptor d) {
        return d.addMetricGroup(TaskManagerMetricGroup.unregistered());
    }

    TaskIOMetrics io() {
        return io;
    }

    /** Registers the task's I/O metrics; {@code gate} is read when the gauges are (null for a source). */
    void registerTask(Supplier<InputGate> gate, List<RecordWriter<Object>> writers) {
        io.register(
                group,
                () -> {
                    InputGate g = gate.get();
                    return g == null ? 0.0 : g.bufferPoolUsage();
                },
                () -> {
                    double sum = 0;
                    int n = 0;
                    for (RecordWriter<Object> w : List.copyOf(writers)) {
                        sum += w.bufferPoolUsage();
                        n++;
                    }
                    return n == 0 ? 0.0 : sum / n;
                });
    }

    /**
     * The counters between the {@code n} operators of the chain: operator {@code i} reads from
     * {@code [i]} and writes to {@code [i + 1]}.
     */
    SimpleCounter[] chainCounters(int n, boolean source, boolean writesToExchange) {
        SimpleCounter[] counters = new SimpleCounter[n + 1];
        counters[0] = source ? new SimpleCounter() : io.numRecordsIn();
        for (int i = 1; i < n; i++) {
            counters[i] = new SimpleCounter();
        }
        counters[n] = writesToExchange ? io.numRecordsOut() : new SimpleCounter();
        return counters;
    }

    /** The group of an operator of the chain, with its records in and out registered. */
    OperatorMetricGroup operator(JobVertex.ChainedOperator op, SimpleCounter in, SimpleCounter out) {
        OperatorMetricGroup g = group.addOperator(op.operatorId(), op.name());
        TaskIOMetrics.registerOperator(g, in, out);
        return g;
    }

    /** Unregisters every metric of the task and its operators. */
    void close() {
        group.close();
    }
}
