package dev.spindle.ha.testing;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The server processes the fixtures started and that still run: a shutdown hook of the test JVM
 * kills them, so that a test that fails, or a JVM that is interrupted, leaves none behind.
 */
final class LiveProcesses {
    private static final Set<Process> LIVE = new LinkedHashSet<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LiveProcesses::killAll, "zookeeper-fixture-reaper"));
    }

    private LiveProcesses() {}

    static synchronized void add(Process process) {
        LIVE.add(process);
    }

    static synchronized void remove(Process process) {
        LIVE.remove(process);
    }

    private static void killAll() {
        List<Process> processes;
        synchronized (LiveProcesses.class) {
            processes = List.copyOf(LIVE);
            LIVE.clear();
        }
        processes.forEach(Process::destroyForcibly);
    }
}
