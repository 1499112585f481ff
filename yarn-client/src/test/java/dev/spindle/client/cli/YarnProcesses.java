package dev.spindle.client.cli;

import dev.spindle.util.ProcessCommandLines;
import java.util.List;

/** Finding the JVMs of YARN containers on this machine, for tests that kill them. */
final class YarnProcesses {
    private YarnProcesses() {}

    /**
     * The JVM of a container: its full command line (past the JDK's 4 KB, see {@link
     * ProcessCommandLines}) names the container's log directory.
     */
    static ProcessHandle containerProcess(String containerId, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (System.currentTimeMillis() < deadline) {
            List<ProcessHandle> found = ProcessHandle.allProcesses()
                    .filter(p -> ProcessCommandLines.of(p).orElse("").contains(containerId))
                    .filter(p -> p.info().command().orElse("").endsWith("java"))
                    .toList();
            if (found.size() == 1) {
                return found.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no single JVM process of container " + containerId);
    }
}
