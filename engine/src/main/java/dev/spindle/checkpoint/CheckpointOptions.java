package dev.spindle.checkpoint;

/**
 * What kind of checkpoint a trigger asks the tasks for.
 *
 * @param savepointType null for a periodic checkpoint; else the kind of savepoint, which tells the
 *     tasks whether to stop (and how) once they have taken it
 * @param location where the tasks write their state files: the savepoint's directory; null for a
 *     checkpoint, whose files go to its {@code chk-<n>} directory
 */
public record CheckpointOptions(SavepointType savepointType, String location) {
    /** A periodic checkpoint. */
    public static final CheckpointOptions CHECKPOINT = new CheckpointOptions(null, null);

    public CheckpointOptions {
        if ((savepointType == null) != (location == null)) {
            throw new IllegalArgumentException("a savepoint has a location and a checkpoint none");
        }
    }

    public boolean isSavepoint() {
        return savepointType != null;
    }

    /** Whether the tasks stop without finishing once they took it ({@link SavepointType#STOP}). */
    public boolean stopsWithoutDrain() {
        return savepointType == SavepointType.STOP;
    }

    /** Whether the sources end their input before it is taken ({@link SavepointType#STOP_AND_DRAIN}). */
    public boolean drains() {
        return savepointType == SavepointType.STOP_AND_DRAIN;
    }
}
