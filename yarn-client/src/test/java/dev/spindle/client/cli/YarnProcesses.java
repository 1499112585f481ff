package dev.spindle.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finding the JVMs of YARN containers on this machine, for tests that kill them. */
final class YarnProcesses {
    private YarnProcesses() {}

    /**
     * The JVM of a container: its command line names the container's log directory. The JDK gives no
     * command line past 4 KB, so on Linux it is read from /proc.
     */
    static ProcessHandle containerProcess(String containerId, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (System.currentTimeMillis() < deadline) {
            List<ProcessHandle> found = ProcessHandle.allProcesses()
                    .filter(p -> commandLine(p).contains(containerId))
                    .filter(p -> p.info().command().orElse("").endsWith("java"))
                    .toList();
            if (found.size() == 1) {
                return found.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no single JVM process of container " + containerId);
    }

    static String commandLine(ProcessHandle p) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return p.info().commandLine().orElse("");
        }
    }
}
