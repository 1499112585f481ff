package dev.spindle.client.cli;

import dev.spindle.cluster.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of the {@code spindle} command: the CLI's rows of the one table of every Spindle
 * process ({@link ExitCode}, from which docs/exit-codes.md is generated), named here for the
 * commands' code. They are part of its contract: schedulers and scripts branch on them, so a code
 * keeps its meaning once released. {@link #describe()} is the table printed by {@code --help}.
 */
public final class ExitCodes {
    private ExitCodes() {
    }

    /**
     * The command did what it was asked: for {@code run}, every job the program executed finished
     * (with {@code --detached}: was submitted); for {@code cancel}, the job is cancelled, its
     * cancellation is under way, or it had already ended.
     */
    public static final int SUCCESS = ExitCode.SUCCESS.code();

    /**
     * A job failed or was cancelled: a {@code JobExecutionException} is in the cause chain of what main() threw.
     * In application mode ({@code run-application}): the application ended FAILED or KILLED, which
     * includes a main() that threw in the ApplicationMaster.
     */
    public static final int JOB_FAILED = ExitCode.JOB_FAILED.code();

    /**
     * The command line is wrong: an unknown option, a bad value, a missing argument, an unsupported
     * target; also a known configuration option with a value out of its type or range, or options that
     * contradict each other, found before anything is deployed (also when main() set them in code).
     * Picocli's own code for invalid input, kept so that its built-in checks agree.
     */
    public static final int USAGE_ERROR = ExitCode.USAGE_ERROR.code();

    /**
     * The program cannot be loaded: the jar is missing, unreadable or not a jar, the main class is
     * not found or has no {@code public static void main(String[])}, or no main class is named.
     */
    public static final int PROGRAM_NOT_LOADABLE = ExitCode.PROGRAM_NOT_LOADABLE.code();

    /** The program's main() failed for a reason other than a failed job (its own argument checks, an invalid pipeline). */
    public static final int PROGRAM_FAILED = ExitCode.PROGRAM_FAILED.code();

    /**
     * The cluster cannot be found, reached or used: no cluster runs in the cluster directory, the
     * JobManager does not answer (or was lost while a job ran), its secret cannot be read, or it
     * refused a request (and, with the YARN targets, a cluster could not be deployed). The message
     * names the fix.
     */
    public static final int CLUSTER_ERROR = ExitCode.CLUSTER_ERROR.code();

    /** {@code cancel}: the cluster does not know the job (never ran there, or its record expired). */
    public static final int JOB_NOT_FOUND = ExitCode.JOB_NOT_FOUND.code();

    /** A bug in the CLI itself; {@code --verbose} prints the stack trace. Taken from sysexits' EX_SOFTWARE. */
    public static final int INTERNAL_ERROR = ExitCode.INTERNAL_ERROR.code();

    /** Code to one-line description, in code order, for the {@code Exit codes:} section of help. */
    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.of(ExitCode.Process.CLI)) {
            if (code != ExitCode.KILLED) { // the JVM's, not the CLI's own
                m.put(Integer.toString(code.code()), code.summary());
            }
        }
        return m;
    }
}
