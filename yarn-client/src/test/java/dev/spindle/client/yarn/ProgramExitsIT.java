package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a real JVM's shutdown hook, an exit called by a program is told apart from a signal: the
 * first is what makes an attached per-job client report failure instead of the program's status.
 */
class ProgramExitsIT {

    @TempDir
    Path dir;

    @Test
    void aProgramsSystemExitIsSeenFromTheShutdownHook() throws Exception {
        Path out = dir.resolve("exit.out");
        Process probe = probe("exit", out);
        assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
        assertEquals("program exit: true", Files.readString(out).trim());
        assertEquals(0, probe.exitValue());
    }

    @Test
    void aSignalIsNotAProgramsExit() throws Exception {
        Path out = dir.resolve("signal.out");
        Process probe = probe("wait", out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(out).contains("waiting")) {
            assertTrue(System.nanoTime() < deadline, "the probe did not start");
            Thread.sleep(20);
        }
        probe.destroy(); // SIGTERM
        assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
        assertEquals("waiting\nprogram exit: false", Files.readString(out).trim());
    }

    private static Process probe(String mode, Path out) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(out, "");
        return new ProcessBuilder(
                        List.of(java, "-cp", System.getProperty("java.class.path"), Probe.class.getName(), mode))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
    }

    /** Reports from its shutdown hook what {@link ProgramExits} sees. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("program exit: " + ProgramExits.programCalledExit());
                System.out.flush();
            }));
            if ("exit".equals(args[0])) {
                // Called from outside Spindle's client packages, as a user's main() calls it.
                Method exit = System.class.getMethod("exit", int.class);
                exit.invoke(null, 0);
            }
            System.out.println("waiting");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
