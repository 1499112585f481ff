package dev.spindle.checkpoint;

import java.io.IOException;

/**
 * The checkpoint directory cannot be used (not writable, a file in the way, an unknown file system).
 * The message is one line for the user: the directory, the problem, and the option to change.
 */
public class CheckpointStorageException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
