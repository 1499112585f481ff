package dev.spindle.api;

import dev.spindle.graph.Transformation;

/** The end of a pipeline; configures the sink step. */
public final class DataStreamSink<T> {
    private final Transformation.OneInput<T, Void> transformation;

    DataStreamSink(Transformation.OneInput<T, Void> transformation) {
        this.transformation = transformation;
    }

    public DataStreamSink<T> name(String name) {
        transformation.setName(name);
        return this;
    }

    /** Sets the sink's uid: the stable identity its state is kept under; see {@link DataStream#uid}. */
    public DataStreamSink<T> uid(String uid) {
        transformation.setUid(uid);
        return this;
    }

    public DataStreamSink<T> setParallelism(int parallelism) {
        transformation.setParallelism(parallelism);
        return this;
    }

    /** Sets the sink's max parallelism; see {@link DataStream#setMaxParallelism}. */
    public DataStreamSink<T> setMaxParallelism(int maxParallelism) {
        transformation.setMaxParallelism(maxParallelism);
        return this;
    }
}
