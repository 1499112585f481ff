package dev.spindle.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --output text|json} of {@code savepoint} and {@code stop}: with {@code json}, the last line
 * on stdout is one JSON object with the command's outcome (its keys are the command's, in the order it
 * puts them), also when it fails: then with its {@code exitCode} and {@code error} line.
 */
final class SavepointOutputOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--output",
            paramLabel = "<format>",
            order = 40,
            description = "text (default) or json: with json, the last line on stdout is one JSON object with the job "
                    + "id, the savepoint's path (null when none was taken), the exit code and the error, if any.")
    private OutputOptions.Format format = OutputOptions.Format.TEXT;

    /**
     * Runs {@code body}, which fills {@code report}, and prints the report as JSON on the way out if
     * asked for, with {@code exitCode} and {@code error} (null on success); rethrows a failure for the
     * exception handler, which prints its line on stderr as usual.
     */
    int run(Map<String, Object> report, PrintWriter out, Callable<Integer> body) throws Exception {
        int exitCode = ExitCodes.SUCCESS;
        String error = null;
        try {
            exitCode = body.call();
            return exitCode;
        } catch (ParameterException e) {
            exitCode = ExitCodes.USAGE_ERROR;
            error = CliExceptionHandler.ERROR_PREFIX + e.getMessage();
            throw e;
        } catch (Exception e) {
            CliExceptionHandler.Report failure = CliExceptionHandler.report(e, false);
            exitCode = failure.exitCode();
            error = failure.line();
            throw e;
        } finally {
            if (format == OutputOptions.Format.JSON) {
                report.put("exitCode", exitCode);
                report.put("error", error);
                try {
                    out.println(JSON.writeValueAsString(report));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a map of strings and numbers cannot be written as JSON", e);
                }
                out.flush();
            }
        }
    }
}
