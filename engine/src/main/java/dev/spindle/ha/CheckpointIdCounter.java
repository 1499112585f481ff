package dev.spindle.ha;

import java.io.IOException;

/**
 * A job's checkpoint ids, kept where the next leader finds them so that ids never repeat across
 * leaders. Starts at {@link #INITIAL_CHECKPOINT_ID}. Safe for use by several threads and processes.
 */
public interface CheckpointIdCounter {

    /** The first id a job's counter hands out. */
    long INITIAL_CHECKPOINT_ID = 1;

    /** The next id, counting it as taken (atomically, also across processes). */
    long getAndIncrement() throws IOException;

    /** The id {@link #getAndIncrement} hands out next. */
    long get() throws IOException;

    /** Makes {@code next} the id handed out next (a recovered job continues after its checkpoint). */
    void setCount(long next) throws IOException;

    /** Deletes the counter (idempotent); a later use starts again at {@link #INITIAL_CHECKPOINT_ID}. */
    void remove() throws IOException;
}
