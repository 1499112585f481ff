package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.JobNotFoundException;
import dev.spindle.client.cluster.SavepointFailedException;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionException;
import dev.spindle.program.ProgramFailedException;
import dev.spindle.program.ProgramLoadException;
import java.io.PrintWriter;
import java.util.IdentityHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where a failure becomes an exit code and the line the user reads. Every failure is
 * one line on stderr starting with {@code spindle: error:}; stack traces only with
 * {@code --verbose}, except that none is ever printed for a usage error (there is nothing in it).
 */
final class CliExceptionHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final String ERROR_PREFIX = "spindle: error: ";
    static final String VERBOSE_OPTION = "--verbose";
    /** How a job refused at its start because of its savepoint reads (the engine's exception, by name). */
    private static final String SAVEPOINT_REFUSAL = "dev.spindle.checkpoint.SavepointException: ";

    /** What to tell the user about a failure. */
    record Report(int exitCode, String line, Throwable trace) {}

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        StringBuilder line = new StringBuilder(ERROR_PREFIX).append(firstLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            line.append("; did you mean ")
                    .append(String.join(" or ", unmatched.getSuggestions()))
                    .append('?');
        }
        line.append(" (see '").append(command.getCommandSpec().qualifiedName()).append(" --help')");
        PrintWriter err = command.getErr();
        err.println(line);
        err.flush();
        return ExitCodes.USAGE_ERROR;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
        boolean verbose = isVerbose(parsed);
        Report report = report(ex, verbose);
        PrintWriter err = command.getErr();
        err.println(report.line());
        if (verbose) {
            report.trace().printStackTrace(err);
        }
        err.flush();
        return report.exitCode();
    }

    /**
     * Classifies a failure of a command's execution. The line is one line whatever the message:
     * exceptions of Hadoop's RPC carry the server's stack trace in their message, and only
     * {@code --verbose} shows stack traces.
     */
    static Report report(Exception ex, boolean verbose) {
        Report report = classify(ex, verbose);
        return new Report(report.exitCode(), firstLine(report.line()), report.trace());
    }

    /** The first line of {@code text}, without trailing blanks: what a one-line error may show of a message. */
    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        int end = 0;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return text.substring(0, end).stripTrailing();
    }

    private static Report classify(Exception ex, boolean verbose) {
        if (ex instanceof IllegalConfigurationException) {
            return new Report(ExitCodes.USAGE_ERROR, ERROR_PREFIX + ex.getMessage(), ex);
        }
        if (ex instanceof ProgramLoadException) {
            return new Report(ExitCodes.PROGRAM_NOT_LOADABLE, ERROR_PREFIX + ex.getMessage(), ex);
        }
        if (ex instanceof ClusterAccessException) {
            return new Report(ExitCodes.CLUSTER_ERROR, ERROR_PREFIX + ex.getMessage(), ex);
        }
        if (ex instanceof JobNotFoundException) {
            return new Report(ExitCodes.JOB_NOT_FOUND, ERROR_PREFIX + ex.getMessage(), ex);
        }
        if (ex instanceof SavepointFailedException) {
            return new Report(ExitCodes.SAVEPOINT_FAILED, ERROR_PREFIX + ex.getMessage(), ex);
        }
        if (ex instanceof ProgramFailedException) {
            Throwable thrownByMain = ex.getCause();
            JobExecutionException jobFailure = findInCauses(thrownByMain, JobExecutionException.class);
            if (jobFailure instanceof JobCancellationException cancelled) {
                return new Report(
                        ExitCodes.JOB_FAILED,
                        ERROR_PREFIX + "job " + jobFailure.jobId() + " was cancelled"
                                + (cancelled.reason() != null ? ": " + cancelled.reason() : ""),
                        thrownByMain);
            }
            if (jobFailure != null && jobFailure.getCause() == null) {
                // No exception of the user's: the client's own account (e.g. YARN's diagnostics of a
                // failed application), which names the job; its class name adds nothing.
                return new Report(ExitCodes.JOB_FAILED, ERROR_PREFIX + jobFailure.getMessage(), thrownByMain);
            }
            if (jobFailure != null) {
                // The engine's contract: the cause of a job failure is the user's exception itself.
                Throwable userFailure = jobFailure.getCause() != null ? jobFailure.getCause() : jobFailure;
                String text = String.valueOf(userFailure);
                if (text.startsWith(SAVEPOINT_REFUSAL)) {
                    // A savepoint the job could not start from (-s): the engine's message says why
                    // and what to do; the class name adds nothing for the user.
                    return new Report(
                            ExitCodes.JOB_FAILED,
                            ERROR_PREFIX + "the job could not start: " + text.substring(SAVEPOINT_REFUSAL.length()),
                            thrownByMain);
                }
                return new Report(ExitCodes.JOB_FAILED, ERROR_PREFIX + "the job failed: " + userFailure, thrownByMain);
            }
            // A value main() set in code that the client's check refused before submitting: a bad
            // option value, as on the command line.
            IllegalConfigurationException badValue = findInCauses(thrownByMain, IllegalConfigurationException.class);
            if (badValue != null) {
                return new Report(ExitCodes.USAGE_ERROR, ERROR_PREFIX + badValue.getMessage(), thrownByMain);
            }
            // A submission from main() that found no cluster: the program is fine, the cluster is not.
            ClusterAccessException clusterFailure = findInCauses(thrownByMain, ClusterAccessException.class);
            if (clusterFailure != null) {
                return new Report(ExitCodes.CLUSTER_ERROR, ERROR_PREFIX + clusterFailure.getMessage(), thrownByMain);
            }
            return new Report(
                    ExitCodes.PROGRAM_FAILED,
                    ERROR_PREFIX + "the program's main() failed: " + thrownByMain,
                    thrownByMain);
        }
        String hint = verbose ? "" : " (rerun with " + VERBOSE_OPTION + " for the stack trace)";
        return new Report(ExitCodes.INTERNAL_ERROR, "spindle: internal error: " + ex + hint, ex);
    }

    /** Whether {@code ex} says that a job of the program was cancelled (exit code 1, as a failed job). */
    static boolean isCancellation(Exception ex) {
        return ex instanceof ProgramFailedException
                && findInCauses(ex.getCause(), JobExecutionException.class) instanceof JobCancellationException;
    }

    /** The first {@code type} in the cause chain; programs may wrap failures in their own exceptions. */
    private static <T extends Throwable> T findInCauses(Throwable thrown, Class<T> type) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = thrown; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Whether --verbose was given to any command on the way (it is inherited by subcommands). */
    private static boolean isVerbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(VERBOSE_OPTION)) {
                return true;
            }
        }
        return false;
    }
}
