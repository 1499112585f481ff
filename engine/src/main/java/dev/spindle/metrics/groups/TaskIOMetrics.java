package dev.spindle.metrics.groups;

import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.MeterView;
import dev.spindle.metrics.SimpleCounter;
import java.util.function.DoubleSupplier;

/**
 * A task's I/O metrics (Flink's TaskIOMetricGroup): records and bytes in and out, counted by the
 * task thread in {@link SimpleCounter}s (records per buffer read and per record written, bytes
 * per buffer), their rates, and the time spent waiting for input (idle) and for output buffers
 * (back-pressured). The same counters give the job result's record counts, so they exist also when
 * metrics are off (then nothing is registered).
 */
public final class TaskIOMetrics {
    public static final String NUM_RECORDS_IN = "numRecordsIn";
    public static final String NUM_RECORDS_OUT = "numRecordsOut";

    private final SimpleCounter numRecordsIn = new SimpleCounter();
    private final SimpleCounter numRecordsOut = new SimpleCounter();
    private final SimpleCounter numBytesIn = new SimpleCounter();
    private final SimpleCounter numBytesOut = new SimpleCounter();
    private final WaitTimer idle = new WaitTimer();
    private final WaitTimer backPressured = new WaitTimer();

    public SimpleCounter numRecordsIn() {
        return numRecordsIn;
    }

    public SimpleCounter numRecordsOut() {
        return numRecordsOut;
    }

    public SimpleCounter numBytesIn() {
        return numBytesIn;
    }

    public SimpleCounter numBytesOut() {
        return numBytesOut;
    }

    /** Time waiting for input. */
    public WaitTimer idle() {
        return idle;
    }

    /** Time waiting for a buffer to write into. */
    public WaitTimer backPressured() {
        return backPressured;
    }

    /**
     * Registers the task's I/O metrics in {@code task} under Flink's names.
     *
     * @param inPoolUsage the share of the input buffers in use (0..1)
     * @param outPoolUsage the share of the output buffers in use (0..1)
     */
    public void register(TaskMetricGroup task, DoubleSupplier inPoolUsage, DoubleSupplier outPoolUsage) {
        task.counter(NUM_RECORDS_IN, numRecordsIn);
        task.counter(NUM_RECORDS_OUT, numRecordsOut);
        task.counter("numBytesIn", numBytesIn);
        task.counter("numBytesOut", numBytesOut);
        task.meter("numRecordsInPerSecond", new MeterView(numRecordsIn));
        task.meter("numRecordsOutPerSecond", new MeterView(numRecordsOut));
        task.meter("numBytesInPerSecond", new MeterView(numBytesIn));
        task.meter("numBytesOutPerSecond", new MeterView(numBytesOut));
        TimeMsPerSecond idleRate = new TimeMsPerSecond(idle::nanosUntil);
        TimeMsPerSecond backPressuredRate = new TimeMsPerSecond(backPressured::nanosUntil);
        task.gauge("idleTimeMsPerSecond", idleRate);
        task.gauge("backPressuredTimeMsPerSecond", backPressuredRate);
        task.gauge("busyTimeMsPerSecond", (Gauge<Long>)
                () -> Math.max(0, 1000 - idleRate.getValue() - backPressuredRate.getValue()));
        task.gauge("buffers.inPoolUsage", (Gauge<Double>) inPoolUsage::getAsDouble);
        task.gauge("buffers.outPoolUsage", (Gauge<Double>) outPoolUsage::getAsDouble);
    }

    /**
     * Registers an operator's records in and out; counters shared with the task or the operator's
     * neighbours in the chain (one operator's output is the next one's input).
     */
    public static void registerOperator(OperatorMetricGroup op, SimpleCounter in, SimpleCounter out) {
        op.counter(NUM_RECORDS_IN, in);
        op.counter(NUM_RECORDS_OUT, out);
        op.meter("numRecordsInPerSecond", new MeterView(in));
        op.meter("numRecordsOutPerSecond", new MeterView(out));
    }
}
