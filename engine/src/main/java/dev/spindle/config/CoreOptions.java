package dev.spindle.config;

import dev.spindle.core.RuntimeExecutionMode;
import java.time.Duration;

/** Options of the execution of a program: parallelism, runtime mode, exchanges. */
public final class CoreOptions {
    private CoreOptions() {}

    public static final ConfigOption<Integer> DEFAULT_PARALLELISM = ConfigOptions.key("parallelism.default")
            .intType()
            .defaultValue(1)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("Parallelism of operators that do not set their own.");

    public static final ConfigOption<Integer> MAX_PARALLELISM = ConfigOptions.key("pipeline.max-parallelism")
            .intType()
            .defaultValue(128)
            .withConstraint(Constraint.between(1, 1 << 15))
            .withDescription("Number of key groups: the upper bound for the parallelism of keyed operators, "
                    + "and the unit in which keyed state is redistributed when rescaling. The default of "
                    + "operators that set none of their own with setMaxParallelism.");

    public static final ConfigOption<RuntimeExecutionMode> RUNTIME_MODE = ConfigOptions.key("execution.runtime-mode")
            .enumType(RuntimeExecutionMode.class)
            .defaultValue(RuntimeExecutionMode.STREAMING)
            .withDescription("STREAMING emits updates per record; BATCH (bounded inputs only) emits only final "
                    + "results of keyed aggregations; AUTOMATIC picks BATCH when every source is bounded.");

    public static final ConfigOption<Duration> BUFFER_TIMEOUT = ConfigOptions.key("execution.buffer-timeout")
            .durationType()
            .defaultValue(Duration.ofMillis(100))
            .withDescription("Longest time a partly filled network buffer waits before it is sent. "
                    + "0 sends every record at once (lowest latency, lowest throughput).");

    public static final ConfigOption<Integer> BATCH_COMBINE_MAX_KEYS = ConfigOptions.key(
                    "execution.batch.combine.max-keys")
            .intType()
            .defaultValue(131072)
            .withConstraint(Constraint.atLeast(0))
            .withDescription("In BATCH mode, keyed reduce and sum pre-aggregate on the sending side before the "
                    + "exchange; this bounds the keys held per sending task (it emits and clears when full). "
                    + "0 turns pre-aggregation off.");
}
