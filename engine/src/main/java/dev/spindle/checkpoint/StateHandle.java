package dev.spindle.checkpoint;

import java.util.Objects;

/**
 * A file of checkpointed state on the checkpoint file system.
 *
 * @param path the file's fully qualified path ({@code file:///...}, {@code hdfs://...})
 * @param size its length in bytes
 */
public record StateHandle(String path, long size) {
    public StateHandle {
        Objects.requireNonNull(path, "path");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
    }
}
