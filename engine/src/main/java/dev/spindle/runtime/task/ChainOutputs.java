package dev.spindle.runtime.task;

import dev.spindle.api.operators.OneInputOperator;
import dev.spindle.api.operators.Output;
import dev.spindle.metrics.SimpleCounter;
import dev.spindle.network.RecordWriter;
import dev.spindle.util.Exceptions;
import java.util.List;

/** The {@link Output}s that connect the operators of a chain and its tail to the exchanges. */
final class ChainOutputs {
    private ChainOutputs() {}

    /**
     * Hands records straight to the next operator of the chain, on the same thread, counting them
     * into {@code records} (the operator's records out, the next one's records in).
     */
    static <T> Output<T> chained(OneInputOperator<T, ?> next, Output<?> nextOutput, SimpleCounter records) {
        return new Output<>() {
            @Override
            public void collect(T record) {
                records.inc();
                try {
                    next.processElement(record);
                } catch (Exception e) {
                    throw Exceptions.sneakyThrow(e);
                }
            }

            @Override
            public void flush() {
                nextOutput.flush();
            }
        };
    }

    /** Serializes records into the task's output edges (all of them, when there are several). */
    static <T> Output<T> toWriters(List<RecordWriter<T>> writers, SimpleCounter recordsOut) {
        if (writers.size() == 1) {
            RecordWriter<T> w = writers.get(0);
            return new Output<>() {
                @Override
                public void collect(T record) {
                    recordsOut.inc();
                    try {
                        w.emit(record);
                    } catch (Exception e) {
                        throw Exceptions.sneakyThrow(e);
                    }
                }

                @Override
                public void flush() {
                    w.flushAll();
                }
            };
        }
        return new Output<>() {
            @Override
            public void collect(T record) {
                recordsOut.inc();
                try {
                    for (RecordWriter<T> w : writers) {
                        w.emit(record);
                    }
                } catch (Exception e) {
                    throw Exceptions.sneakyThrow(e);
                }
            }

            @Override
            public void flush() {
                for (RecordWriter<T> w : writers) {
                    w.flushAll();
                }
            }
        };
    }

    /**
     * The output of a source in a job that checkpoints: before it passes a record on, it lets the
     * task take a triggered checkpoint, so that the source's position says "this record is next".
     */
    static <T> Output<T> checkpointingSource(Output<T> inner, TaskCheckpointer checkpointer, Runnable stopSource) {
        return new Output<>() {
            private boolean stopped;

            @Override
            public void collect(T record) {
                if (stopped) {
                    return; // the source was asked to stop and has not yet seen it
                }
                if (checkpointer.needsAttention()) {
                    try {
                        checkpointer.onAttention(true);
                    } catch (Exception e) {
                        throw Exceptions.sneakyThrow(e);
                    }
                    if (checkpointer.stoppedWithSavepoint() >= 0) {
                        // The savepoint says this record is next: it is not emitted by this job.
                        stopped = true;
                        stopSource.run();
                        return;
                    }
                    if (checkpointer.drainRequested()) {
                        // This record is emitted (the source's position has moved past it), then the
                        // source ends its input; the savepoint is the task's final checkpoint.
                        stopped = true;
                        stopSource.run();
                    }
                }
                inner.collect(record);
            }

            @Override
            public void flush() {
                inner.flush();
            }
        };
    }

    /** The output of a sink: nothing goes anywhere; what its operator emits is still counted. */
    static <T> Output<T> discarding(SimpleCounter records) {
        return new Output<>() {
            @Override
            public void collect(T record) {
                records.inc();
            }

            @Override
            public void flush() {}
        };
    }
}
