package dev.spindle.api.functions;

/**
 * A user-defined source. {@link #run} emits records until it is done (a bounded source) or until
 * {@link #cancel} is called; it runs in the task thread, {@code cancel} comes from another thread.
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
