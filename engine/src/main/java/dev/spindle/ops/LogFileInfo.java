package dev.spindle.ops;

import java.util.Objects;

/**
 * One log file of a process, as {@code GET /taskmanagers/{id}/logs} lists it.
 *
 * @param name the file's plain name in the process's log directory
 * @param size its length in bytes
 * @param mtime when it was last written (epoch millis)
 */
public record LogFileInfo(String name, long size, long mtime) {
    public LogFileInfo {
        Objects.requireNonNull(name, "name");
    }
}
