package dev.spindle.ops;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A dump of the current process's threads in Flink's shape. {@link ThreadInfo#toString} stops after
 * eight frames, which hides where a stuck task waits; {@link #stringify} writes every frame.
 */
public final class ThreadDumps {
    private ThreadDumps() {}

    /** Every live thread of this JVM with its full stack and the locks it holds, ordered by name. */
    public static List<ThreadDumpEntry> current() {
        ThreadInfo[] infos = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        return Arrays.stream(infos)
                .filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing(ThreadInfo::getThreadName).thenComparingLong(ThreadInfo::getThreadId))
                .map(i -> new ThreadDumpEntry(i.getThreadName(), stringify(i)))
                .toList();
    }

    /**
     * The thread as {@link ThreadInfo#toString} writes it ({@code "name" Id=1 RUNNABLE}, then one
     * {@code at} line per frame with what it waits on and the monitors it locked there, then the
     * synchronizers it holds), without the limit on frames.
     */
    public static String stringify(ThreadInfo info) {
        StringBuilder sb = new StringBuilder();
        sb.append('"').append(info.getThreadName()).append("\" Id=").append(info.getThreadId());
        sb.append(' ').append(info.getThreadState());
        if (info.getLockName() != null) {
            sb.append(" on ").append(info.getLockName());
        }
        if (info.getLockOwnerName() != null) {
            sb.append(" owned by \"")
                    .append(info.getLockOwnerName())
                    .append("\" Id=")
                    .append(info.getLockOwnerId());
        }
        if (info.isSuspended()) {
            sb.append(" (suspended)");
        }
        if (info.isInNative()) {
            sb.append(" (in native)");
        }
        sb.append('\n');
        StackTraceElement[] stack = info.getStackTrace();
        for (int i = 0; i < stack.length; i++) {
            sb.append("\tat ").append(stack[i]).append('\n');
            if (i == 0 && info.getLockInfo() != null) {
                switch (info.getThreadState()) {
                    case BLOCKED ->
                        sb.append("\t-  blocked on ").append(info.getLockInfo()).append('\n');
                    case WAITING, TIMED_WAITING ->
                        sb.append("\t-  waiting on ").append(info.getLockInfo()).append('\n');
                    default -> {
                        // a running thread waits on nothing
                    }
                }
            }
            for (MonitorInfo monitor : info.getLockedMonitors()) {
                if (monitor.getLockedStackDepth() == i) {
                    sb.append("\t-  locked ").append(monitor).append('\n');
                }
            }
        }
        LockInfo[] locks = info.getLockedSynchronizers();
        if (locks.length > 0) {
            sb.append("\n\tNumber of locked synchronizers = ")
                    .append(locks.length)
                    .append('\n');
            for (LockInfo lock : locks) {
                sb.append("\t- ").append(lock).append('\n');
            }
        }
        sb.append('\n');
        return sb.toString();
    }
}
