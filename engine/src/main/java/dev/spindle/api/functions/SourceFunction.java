package dev.spindle.api.functions;

/**
 * A user-defined source. {@link #run} emits records until it is done (a bounded source) or until
 * {@link #cancel} is called; it runs in the task thread, {@code cancel} comes from another thread.
 *
 * <p>It keeps no position in checkpoints: when a job is restored from a checkpoint, {@link #run}
 * starts again from the beginning, so the records emitted before the checkpoint come again
 * (at-least-once). The built-in sources resume exactly where the checkpoint left them.
 */
public interface SourceFunction<T> extends Function {
    void run(SourceContext<T> context) throws Exception;

    void cancel();

    /** Where a source emits its records. */
    interface SourceContext<T> {
        void collect(T record);

        /** Sends buffered records on now; call it before a source blocks for a long time. */
        void flush();
    }
}
