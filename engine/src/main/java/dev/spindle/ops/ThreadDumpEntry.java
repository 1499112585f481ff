package dev.spindle.ops;

import java.util.Objects;

/**
 * One thread of a thread dump, in the shape of Flink's {@code ThreadDumpInfo.ThreadInfo}.
 *
 * @param threadName the thread's name
 * @param stringifiedThreadInfo the thread as {@link ThreadDumps#stringify} writes it: header line,
 *     every frame, the locks it holds
 */
public record ThreadDumpEntry(String threadName, String stringifiedThreadInfo) {
    public ThreadDumpEntry {
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(stringifiedThreadInfo, "stringifiedThreadInfo");
    }
}
