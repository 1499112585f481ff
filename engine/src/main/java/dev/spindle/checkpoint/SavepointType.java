package dev.spindle.checkpoint;

/** What a savepoint request does besides taking the savepoint. */
public enum SavepointType {
    /** Take a savepoint; the job goes on. */
    SAVEPOINT,
    /**
     * Stop with a savepoint: the sources stop, the savepoint is taken, the sinks commit what it
     * holds, and the job ends FINISHED without emitting final results (a job resumed from the
     * savepoint goes on where it stopped).
     */
    STOP,
    /**
     * Stop with a savepoint after draining: the sources end as if their input had ended, so that
     * every operator emits its final results (keyed aggregations, windows), then the savepoint is
     * taken and the job ends FINISHED.
     */
    STOP_AND_DRAIN;

    public boolean stops() {
        return this != SAVEPOINT;
    }
}
