package dev.spindle.api.functions;

/**
 * Processes the records of a keyed stream one at a time, with keyed state from
 * {@link RuntimeContext#state} (and list, map and reducing state). Each call sees the state of the
 * current record's key.
 *
 * @param <K> key type
 * @param <I> input type
 * @param <O> output type
 */
public abstract class KeyedProcessFunction<K, I, O> implements RichFunction {
    private static final long serialVersionUID = 1L;

    private transient RuntimeContext runtimeContext;

    /** Set by the runtime before {@link #open}. */
    public final void setRuntimeContext(RuntimeContext context) {
        this.runtimeContext = context;
    }

    public final RuntimeContext getRuntimeContext() {
        if (runtimeContext == null) {
            throw new IllegalStateException("the runtime context is available from open() on");
        }
        return runtimeContext;
    }

    public abstract void processElement(I value, Context<K> context, Collector<O> out) throws Exception;

    /** What {@link #processElement} knows about the current record. */
    public interface Context<K> {
        K getCurrentKey();
    }
}
