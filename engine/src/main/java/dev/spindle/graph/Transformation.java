package dev.spindle.graph;

import dev.spindle.api.operators.OneInputOperator;
import dev.spindle.api.operators.SourceOperator;
import dev.spindle.types.TypeInfo;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One step of a program as the API records it, before it is compiled into a {@link JobGraph}.
 * Physical transformations (source, one-input, sink) become operators; partition
 * transformations only decide how the edge after them distributes records.
 *
 * @param <T> the type of the records it produces
 */
public abstract sealed class Transformation<T>
        permits Transformation.Source, Transformation.OneInput, Transformation.Partition {

    /** The largest max parallelism: key groups are numbered in 15 bits, as in Flink. */
    public static final int MAX_MAX_PARALLELISM = 1 << 15;

    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id = IDS.incrementAndGet();
    private String name;
    private int parallelism = -1;
    private int maxParallelism = -1;
    private TypeInfo<T> outputType;
    private String uid;

    Transformation(String name, TypeInfo<T> outputType) {
        this.name = Objects.requireNonNull(name, "name");
        this.outputType = Objects.requireNonNull(outputType, "outputType");
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The parallelism the user set, or -1 to take the environment's default. */
    public int parallelism() {
        return parallelism;
    }

    public void setParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /**
     * The max parallelism the user set for this step (its number of key groups), or -1 to take the
     * job's ({@code pipeline.max-parallelism}).
     */
    public int maxParallelism() {
        return maxParallelism;
    }

    /**
     * Sets this step's own max parallelism: the upper bound of its parallelism, and the number of
     * key groups its keyed state is split into, which stays fixed across savepoints and rescaling.
     */
    public void setMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > MAX_MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "max parallelism must be in [1, " + MAX_MAX_PARALLELISM + "], was " + maxParallelism);
        }
        this.maxParallelism = maxParallelism;
    }

    /** The uid the program gave this step, or null. */
    public String uid() {
        return uid;
    }

    /**
     * Gives this step a stable identity: its state in checkpoints and savepoints is keyed by an
     * operator id derived from the uid, so a changed program still finds it. Unique per program.
     */
    public void setUid(String uid) {
        Objects.requireNonNull(uid, "uid");
        if (uid.isBlank()) {
            throw new IllegalArgumentException("a uid must not be blank");
        }
        this.uid = uid;
    }

    public TypeInfo<T> outputType() {
        return outputType;
    }

    public void setOutputType(TypeInfo<T> type) {
        this.outputType = Objects.requireNonNull(type, "type");
    }

    public abstract List<Transformation<?>> inputs();

    /** A source: the head of a pipeline. */
    public static final class Source<T> extends Transformation<T> {
        private final SourceOperator<T> operator;

        public Source(String name, SourceOperator<T> operator, TypeInfo<T> type) {
            super(name, type);
            this.operator = Objects.requireNonNull(operator, "operator");
        }

        public SourceOperator<T> operator() {
            return operator;
        }

        @Override
        public List<Transformation<?>> inputs() {
            return List.of();
        }
    }

    /** An operator with one input; sinks are one-input operators that emit nothing. */
    public static final class OneInput<I, O> extends Transformation<O> {
        private final Transformation<I> input;
        private final OneInputOperator<I, O> operator;
        private final boolean sink;

        public OneInput(
                Transformation<I> input, String name, OneInputOperator<I, O> operator, TypeInfo<O> type, boolean sink) {
            super(name, type);
            this.input = Objects.requireNonNull(input, "input");
            this.operator = Objects.requireNonNull(operator, "operator");
            this.sink = sink;
        }

        public Transformation<I> input() {
            return input;
        }

        public OneInputOperator<I, O> operator() {
            return operator;
        }

        public boolean isSink() {
            return sink;
        }

        @Override
        public List<Transformation<?>> inputs() {
            return List.of(input);
        }
    }

    /** Decides the partitioning of the edge to whatever consumes it; no operator of its own. */
    public static final class Partition<T> extends Transformation<T> {
        private final Transformation<T> input;
        private final Partitioning partitioning;

        public Partition(Transformation<T> input, Partitioning partitioning) {
            super(partitioning.kind().name(), input.outputType());
            this.input = input;
            this.partitioning = Objects.requireNonNull(partitioning, "partitioning");
        }

        public Transformation<T> input() {
            return input;
        }

        public Partitioning partitioning() {
            return partitioning;
        }

        @Override
        public List<Transformation<?>> inputs() {
            return List.of(input);
        }
    }
}
