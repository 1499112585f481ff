package dev.spindle.util;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/** The WARN lines one log4j logger writes while installed; {@link #close()} restores the logger. */
public final class CapturedWarnings extends AppenderSkeleton implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** How many captures each logger has now: tests running at the same time may capture the same one. */
    private static final java.util.Map<Logger, Integer> CAPTURES = new java.util.HashMap<>();

    public CapturedWarnings(Class<?> loggerOf) {
        logger = Logger.getLogger(loggerOf);
        synchronized (CAPTURES) {
            CAPTURES.merge(logger, 1, Integer::sum);
        }
        ensureInstalled();
    }

    /**
     * Sets the logger up for this capture where it is not (any more): a reset of log4j's
     * configuration on another thread (a library's) sets every logger's level to null and its
     * additivity back, and one racing with the set-up above left a capture with an appender but no
     * WARN level (seen once in CI).
     */
    private void ensureInstalled() {
        synchronized (CAPTURES) {
            if (logger.getLevel() != Level.WARN) {
                logger.setLevel(Level.WARN);
            }
            if (logger.getAdditivity()) {
                logger.setAdditivity(false);
            }
            if (!logger.isAttached(this)) {
                logger.addAppender(this);
            }
        }
    }

    @Override
    protected void append(LoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            lines.add(event.getRenderedMessage());
        }
    }

    /** The lines so far that start with {@code prefix}. */
    public List<String> startingWith(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    /** Waits up to 10 s for a line that contains {@code fragment}; fails naming the lines so far if none comes. */
    public void await(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.stream().noneMatch(l -> l.contains(fragment))) {
            ensureInstalled();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no WARN containing '" + fragment + "' in " + lines + " (" + state() + ")");
            }
            Thread.sleep(10);
        }
    }

    /**
     * How the logger stands now, for a failure message: a WARN that never arrives may have been
     * filtered by a level or threshold that something else in the JVM changed.
     */
    private String state() {
        return "logger " + logger.getName() + ": level " + logger.getLevel() + ", effective "
                + logger.getEffectiveLevel()
                + ", additivity " + logger.getAdditivity() + ", this appender attached " + logger.isAttached(this)
                + ", repository threshold " + logger.getLoggerRepository().getThreshold();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        synchronized (CAPTURES) {
            logger.removeAppender(this);
            // Restored only by the last capture: one that ends must not silence another still waiting.
            if (CAPTURES.merge(logger, -1, Integer::sum) <= 0) {
                CAPTURES.remove(logger);
                logger.setAdditivity(true);
                logger.setLevel(null);
            }
        }
    }

    @Override
    public boolean requiresLayout() {
        return false;
    }
}
