package dev.spindle.util;

/** Small helpers for passing exceptions through code that cannot declare them. */
public final class Exceptions {
    private Exceptions() {}

    /**
     * Throws {@code t} unchanged, checked or not. Used where records flow through
     * {@code Collector.collect}, so that a user function's exception reaches the job result as
     * itself rather than wrapped.
     */
    public static RuntimeException sneakyThrow(Throwable t) {
        throw Exceptions.<RuntimeException>sneaky(t);
    }

    @SuppressWarnings("unchecked") // the erasure trick that makes sneakyThrow work
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** Adds {@code next} to {@code first} as suppressed, or returns {@code next} when there is no first. */
    public static Throwable firstOrSuppressed(Throwable next, Throwable first) {
        if (first == null) {
            return next;
        }
        if (next != first) {
            first.addSuppressed(next);
        }
        return first;
    }

    /** The stack trace of {@code t}, with its causes, as text. */
    public static String stackTraceOf(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
