package dev.spindle.client.yarn;

import dev.spindle.cluster.entrypoint.ExitCode;
import java.util.Map;

/**
 * Tells, during the JVM's shutdown, whether it was started by the user's program calling
 * {@code System.exit} (rather than by a signal or by the CLI itself): the thread that called it
 * waits in {@code Runtime.exit} while the shutdown hooks run, so its stack shows the caller. A
 * signal's shutdown runs from the JVM's signal thread without {@code Runtime.exit}.
 *
 * <p>The client does not intercept the program's exit (main() runs there as a plain Java program,
 * and a SecurityManager would print the JVM's deprecation warning on the user's terminal), but an
 * exit that ends an attached run must not report success: see {@link KillOnClientExit}.
 */
final class ProgramExits {
    /** The exit code of a run whose program's exit stopped the attached client: main() failed. */
    static final int EXIT_CODE = ExitCode.PROGRAM_FAILED.code();

    private ProgramExits() {}

    /** Whether a thread outside Spindle's client code is in {@code System.exit} now. */
    static boolean programCalledExit() {
        for (Map.Entry<Thread, StackTraceElement[]> thread :
                Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] frames = thread.getValue();
            for (int i = 0; i < frames.length; i++) {
                if ("java.lang.Runtime".equals(frames[i].getClassName()) && "exit".equals(frames[i].getMethodName())) {
                    return calledByProgram(frames, i + 1);
                }
            }
        }
        return false;
    }

    /** The first frame from {@code from} outside {@code System}/{@code Runtime} is the caller. */
    private static boolean calledByProgram(StackTraceElement[] frames, int from) {
        for (int i = from; i < frames.length; i++) {
            String cls = frames[i].getClassName();
            if (!"java.lang.System".equals(cls) && !"java.lang.Runtime".equals(cls)) {
                return !cls.startsWith("dev.spindle.client.");
            }
        }
        return false;
    }
}
