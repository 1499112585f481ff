package dev.spindle.client.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --output text|json} of the commands that run programs: with {@code json}, the last line on
 * stdout is one JSON object that says how the run ended ({@link RunReport}), for schedulers that
 * would rather parse that than the human-readable lines (which are printed as well).
 */
final class OutputOptions {
    /** The formats of the run's final report. */
    enum Format {
        /** No report beyond the usual lines. */
        TEXT,
        /** One JSON object as the last line on stdout. */
        JSON
    }

    @Option(
            names = "--output",
            paramLabel = "<format>",
            order = 40,
            description = "text (default) or json: with json, the last line on stdout is one JSON object with "
                    + "the target, the YARN application id, the job ids and states, the final state "
                    + "(SUCCEEDED, FAILED, KILLED, or UNDEFINED when detached), the REST URL, the exit code and "
                    + "the error, if any.")
    private Format format = Format.TEXT;

    /**
     * Runs a command's {@code body}, which fills {@code report} as it goes, and prints the report on
     * the way out, also when the body fails: then with the exit code and the error line the
     * {@link CliExceptionHandler} gives the failure, which it rethrows for that handler.
     */
    int run(RunReport report, PrintWriter out, Callable<Integer> body) throws Exception {
        return run(report, out, null, OozieAction.NONE, body);
    }

    /**
     * As {@link #run(RunReport, PrintWriter, Callable)}, and then writes the report's outcome for
     * the Oozie action's capture-output, if it asks for it: always after a run that did not fail, and
     * after one that failed once it had an application (whose id Oozie may want).
     */
    int run(RunReport report, PrintWriter out, PrintWriter err, OozieAction oozie, Callable<Integer> body)
            throws Exception {
        try {
            return body.call();
        } catch (ParameterException e) {
            report.failed(ExitCodes.USAGE_ERROR, CliExceptionHandler.ERROR_PREFIX + e.getMessage(), false);
            throw e;
        } catch (Exception e) {
            CliExceptionHandler.Report failure = CliExceptionHandler.report(e, false);
            report.failed(failure.exitCode(), failure.line(), CliExceptionHandler.isCancellation(e));
            throw e;
        } finally {
            print(report, out);
            capture(report, oozie, err);
        }
    }

    private static void capture(RunReport report, OozieAction oozie, PrintWriter err) {
        if (oozie.outputFile() == null || (report.exitCode() != ExitCodes.SUCCESS && report.applicationId() == null)) {
            return;
        }
        try {
            oozie.writeOutput(report.applicationId(), report.firstJobId(), report.finalState());
        } catch (java.io.IOException | RuntimeException e) {
            err.println("spindle: warning: could not write the run's outcome for Oozie to " + oozie.outputFile() + ": "
                    + e.getMessage());
            err.flush();
        }
    }

    /** Prints {@code report} on {@code out} if JSON was asked for. */
    void print(RunReport report, PrintWriter out) {
        if (format == Format.JSON) {
            out.println(report.toJson());
            out.flush();
        }
    }
}
