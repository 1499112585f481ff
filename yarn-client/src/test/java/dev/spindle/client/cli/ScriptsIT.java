package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper that runs the scripts for the ITs: a script that hangs must not leave its JVMs behind. */
class ScriptsIT {
    @TempDir
    Path dir;

    /** Stands in for a JVM a script starts in the background (a JobManager): it never ends by itself. */
    public static final class Sleeper {
        private Sleeper() {}

        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void onTimeoutTheScriptAndTheJvmItStartedAreKilled() throws Exception {
        Path pidFile = dir.resolve("jvm.pid");
        Path script = dir.resolve("hangs");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // As scripts/standalone-cluster starts its JobManager: nohup, in the background; then it hangs.
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "#!/usr/bin/env bash",
                        "nohup '" + java + "' -Xmx32m -XX:TieredStopAtLevel=1 -cp '"
                                + System.getProperty("java.class.path") + "' " + "'" + Sleeper.class.getName()
                                + "' >/dev/null 2>&1 </dev/null &",
                        "echo $! >'" + pidFile + ".tmp' && mv '" + pidFile + ".tmp' '" + pidFile + "'",
                        "sleep 600",
                        ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        AssertionError timedOut = assertThrows(
                AssertionError.class,
                () -> Scripts.run(List.of(script.toString()), dir, Map.of(), Duration.ofSeconds(5)));

        Optional<ProcessHandle> jvm =
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()));
        try {
            assertFalse(
                    jvm.map(ProcessHandle::isAlive).orElse(false),
                    "the script's JVM outlived the timeout: "
                            + jvm.flatMap(p -> p.info().commandLine()).orElse("?"));
        } finally {
            jvm.ifPresent(ProcessHandle::destroyForcibly);
        }
        // The JVM and the script's sleep.
        assertTrue(
                timedOut.getMessage().startsWith("hangs did not end within 5 s; killed it and the 2 processes"),
                timedOut.getMessage());
    }
}
