package dev.spindle.api;

import dev.spindle.api.functions.FilterFunction;
import dev.spindle.api.functions.FlatMapFunction;
import dev.spindle.api.functions.KeySelector;
import dev.spindle.api.functions.MapFunction;
import dev.spindle.api.functions.SinkFunction;
import dev.spindle.api.operators.FilterOperator;
import dev.spindle.api.operators.FlatMapOperator;
import dev.spindle.api.operators.MapOperator;
import dev.spindle.api.operators.OneInputOperator;
import dev.spindle.api.operators.PrintSinkOperator;
import dev.spindle.api.operators.SinkFunctionOperator;
import dev.spindle.api.operators.UserFunctionOperator;
import dev.spindle.api.sinks.FileSinkOperator;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.graph.Partitioning;
import dev.spindle.graph.Transformation;
import dev.spindle.types.TypeInfo;
import dev.spindle.types.Types;
import java.util.Objects;

/**
 * A stream of records of type {@code T}, and the step that produces it. {@link #name},
 * {@link #setParallelism} and {@link #returns} configure that step.
 *
 * <p>Record types: a function's output type cannot be read from a lambda, so it is
 * {@link Types#GENERIC} (a tagged encoding that handles strings, numbers, tuples, records and
 * serializable classes) unless declared with {@link #returns}, which makes exchanges faster.
 */
public class DataStream<T> {
    protected final StreamExecutionEnvironment env;
    protected final Transformation<T> transformation;

    DataStream(StreamExecutionEnvironment env, Transformation<T> transformation) {
        this.env = env;
        this.transformation = transformation;
    }

    public StreamExecutionEnvironment getExecutionEnvironment() {
        return env;
    }

    public Transformation<T> getTransformation() {
        return transformation;
    }

    public TypeInfo<T> getType() {
        return transformation.outputType();
    }

    // ---- configuring the step that produces this stream ----

    public DataStream<T> name(String name) {
        transformation.setName(name);
        return this;
    }

    /**
     * Sets the uid of the step that produces this stream: the stable identity its state is kept
     * under in checkpoints and savepoints, so that a savepoint still fits after the program
     * changed. Give every stateful step (sources, keyed functions, sinks) one; unique per program.
     */
    public DataStream<T> uid(String uid) {
        if (transformation instanceof Transformation.Partition<?>) {
            throw new UnsupportedOperationException("a partitioning has no state and no uid; set it on the operator");
        }
        transformation.setUid(uid);
        return this;
    }

    public DataStream<T> setParallelism(int parallelism) {
        if (transformation instanceof Transformation.Partition<?>) {
            throw new UnsupportedOperationException("a partitioning has no parallelism of its own");
        }
        transformation.setParallelism(parallelism);
        return this;
    }

    /**
     * Sets the max parallelism of the step that produces this stream: the upper bound of its
     * parallelism and the number of key groups of its keyed state, which a savepoint keeps, so it
     * cannot change between a savepoint and the job resumed from it. Without it the step takes
     * the job's ({@link StreamExecutionEnvironment#setMaxParallelism}, {@code pipeline.max-parallelism}).
     *
     * @throws IllegalArgumentException unless it is in [1, 32768]
     */
    public DataStream<T> setMaxParallelism(int maxParallelism) {
        if (transformation instanceof Transformation.Partition<?>) {
            throw new UnsupportedOperationException(
                    "a partitioning has no max parallelism of its own; set it on the operator after it");
        }
        transformation.setMaxParallelism(maxParallelism);
        return this;
    }

    /** Declares the record type of this stream, e.g. {@code returns(Types.tuple(Types.STRING, Types.LONG))}. */
    public DataStream<T> returns(TypeInfo<T> type) {
        transformation.setOutputType(type);
        return this;
    }

    // ---- transformations ----

    public <R> DataStream<R> map(MapFunction<T, R> mapper) {
        return oneInput("Map", keyed(new MapOperator<>(Objects.requireNonNull(mapper, "mapper"))), genericType());
    }

    public <R> DataStream<R> flatMap(FlatMapFunction<T, R> flatMapper) {
        return oneInput(
                "Flat Map",
                keyed(new FlatMapOperator<>(Objects.requireNonNull(flatMapper, "flatMapper"))),
                genericType());
    }

    public DataStream<T> filter(FilterFunction<T> filter) {
        return oneInput("Filter", keyed(new FilterOperator<>(Objects.requireNonNull(filter, "filter"))), getType());
    }

    /** Partitions by key: records of equal key go to the same parallel instance downstream. */
    public <K> KeyedStream<T, K> keyBy(KeySelector<T, K> keySelector) {
        Objects.requireNonNull(keySelector, "keySelector");
        return new KeyedStream<>(
                env, new Transformation.Partition<>(transformation, Partitioning.hash(keySelector)), keySelector);
    }

    /** Spreads records round robin over the next step's parallel instances. */
    public DataStream<T> rebalance() {
        return partition(Partitioning.Kind.REBALANCE);
    }

    /** Sends every record to every parallel instance of the next step. */
    public DataStream<T> broadcast() {
        return partition(Partitioning.Kind.BROADCAST);
    }

    /** Instance i sends to instance i of the next step (equal parallelism needed); the default where possible. */
    public DataStream<T> forward() {
        return partition(Partitioning.Kind.FORWARD);
    }

    private DataStream<T> partition(Partitioning.Kind kind) {
        return new DataStream<>(env, new Transformation.Partition<>(transformation, Partitioning.of(kind)));
    }

    // ---- sinks ----

    /** Prints each record on standard output, prefixed by the subtask number when parallel. */
    public DataStreamSink<T> print() {
        return sink("Print to Std. Out", new PrintSinkOperator<>(false));
    }

    /** Prints each record on standard error. */
    public DataStreamSink<T> printToErr() {
        return sink("Print to Std. Err", new PrintSinkOperator<>(true));
    }

    /**
     * Writes each record's {@code toString()} as a line into part files ({@code part-0}, ...) in
     * {@code directory}. The directory must be empty or absent, unless {@code mode} is OVERWRITE.
     */
    public DataStreamSink<T> writeAsText(String directory, WriteMode mode) {
        return sink("Write to " + directory, new FileSinkOperator<>(directory, mode));
    }

    public DataStreamSink<T> writeAsText(String directory) {
        return writeAsText(directory, WriteMode.NO_OVERWRITE);
    }

    public DataStreamSink<T> addSink(SinkFunction<T> sinkFunction) {
        return sink("Sink", keyed(new SinkFunctionOperator<>(Objects.requireNonNull(sinkFunction, "sinkFunction"))));
    }

    private DataStreamSink<T> sink(String name, OneInputOperator<T, Void> operator) {
        Transformation.OneInput<T, Void> t =
                new Transformation.OneInput<>(transformation, name, operator, genericType(), true);
        env.addSink(t);
        return new DataStreamSink<>(t);
    }

    /**
     * The operator of a user function applied to this stream; a {@link KeyedStream} gives it the
     * key, so that rich functions can use keyed state.
     */
    protected <O extends UserFunctionOperator<?, ?>> O keyed(O operator) {
        return operator;
    }

    protected <R> DataStream<R> oneInput(String name, OneInputOperator<T, R> operator, TypeInfo<R> type) {
        return new DataStream<>(env, new Transformation.OneInput<>(transformation, name, operator, type, false));
    }

    @SuppressWarnings("unchecked") // GENERIC handles any record type
    static <R> TypeInfo<R> genericType() {
        return (TypeInfo<R>) Types.GENERIC;
    }
}
