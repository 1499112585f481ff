package dev.spindle.jobmanager;

import dev.spindle.cluster.gateway.RemoteFailure;
import dev.spindle.util.Exceptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The failures of a job, newest first, as {@code GET /jobs/{jobid}/exceptions} shows them: at most
 * {@code web.exception-history-size} entries; older ones are dropped and the history says it is
 * {@link #truncated()}. Immutable: {@link #with} returns a new history, so a job master hands out
 * its current one without copying or locking.
 */
public final class ExceptionHistory {
    private final int maxSize;
    private final List<Entry> entries;
    private final boolean truncated;

    private ExceptionHistory(int maxSize, List<Entry> entries, boolean truncated) {
        this.maxSize = maxSize;
        this.entries = List.copyOf(entries);
        this.truncated = truncated;
    }

    /** A history without failures that keeps the newest {@code maxSize} (0 keeps none, only counts). */
    public static ExceptionHistory empty(int maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative, was " + maxSize);
        }
        return new ExceptionHistory(maxSize, List.of(), false);
    }

    /** This history with {@code entry} as its newest failure, the oldest dropped if it is full. */
    public ExceptionHistory with(Entry entry) {
        Objects.requireNonNull(entry, "entry");
        List<Entry> next = new ArrayList<>(entries.size() + 1);
        next.add(entry);
        next.addAll(entries);
        boolean dropped = next.size() > maxSize;
        return new ExceptionHistory(maxSize, dropped ? next.subList(0, maxSize) : next, truncated || dropped);
    }

    /** The failures kept, newest first. */
    public List<Entry> entries() {
        return entries;
    }

    /** The newest failure, or null when the job has not failed (or the history keeps none). */
    public Entry latest() {
        return entries.isEmpty() ? null : entries.get(0);
    }

    /** Whether failures were dropped because there were more than {@link #maxSize()}. */
    public boolean truncated() {
        return truncated;
    }

    public int maxSize() {
        return maxSize;
    }

    @Override
    public String toString() {
        return "ExceptionHistory" + entries;
    }

    /**
     * Where a failed task ran: the TaskManager's resource id and its data endpoint
     * ({@code host:port}); {@link #LOCAL} for a task in the JobManager's own JVM.
     */
    public record Location(String taskManagerId, String endpoint) {
        public static final Location LOCAL = new Location("local", "local");

        public Location {
            Objects.requireNonNull(taskManagerId, "taskManagerId");
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /**
     * One failure.
     *
     * @param exceptionName the class of the failure, the original one for a failure in another
     *     process ({@link RemoteFailure})
     * @param stacktrace its stack trace with causes, as text
     * @param timestamp epoch millis when the job master heard of it
     * @param taskName the failed task ({@code name (i/p)}), or null for a failure of the job as a
     *     whole (it could not start, say)
     * @param location where the task ran, or null when that is not known
     */
    public record Entry(String exceptionName, String stacktrace, long timestamp, String taskName, Location location) {
        public Entry {
            Objects.requireNonNull(exceptionName, "exceptionName");
            Objects.requireNonNull(stacktrace, "stacktrace");
        }

        /** The entry of {@code failure}; a null failure (a task that failed without saying why) is named so. */
        public static Entry of(Throwable failure, long timestamp, String taskName, Location location) {
            if (failure == null) {
                String unknown = "java.lang.Throwable: the task failed without a cause";
                return new Entry("java.lang.Throwable", unknown, timestamp, taskName, location);
            }
            String name = failure instanceof RemoteFailure remote
                    ? remote.originalClass()
                    : failure.getClass().getName();
            return new Entry(name, Exceptions.stackTraceOf(failure), timestamp, taskName, location);
        }
    }
}
