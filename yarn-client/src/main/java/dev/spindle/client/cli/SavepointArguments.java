package dev.spindle.client.cli;

import dev.spindle.core.JobId;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The checks of the arguments of {@code savepoint}, {@code stop} and {@code run -s}, on the client
 * and by syntax only: whether a directory exists, and is a savepoint, only the cluster can tell (it
 * may be on a file system this machine does not see).
 */
final class SavepointArguments {
    private SavepointArguments() {}

    static JobId jobId(CommandSpec spec, String text) {
        try {
            return JobId.fromHex(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "<jobid> must be 32 hex digits, got '" + text + "'");
        }
    }

    /**
     * {@code path} when it is an absolute path or a URI with a scheme and a path ({@code
     * hdfs:///savepoints}, {@code file:/data/sp}); null stays null. A relative path would be read
     * relative to the cluster's processes, not to where the command runs, so it is refused.
     *
     * @param what the argument's name in the message
     */
    static String directory(CommandSpec spec, String path, String what) {
        if (path == null) {
            return null;
        }
        String fix = "; give an absolute path or a URI such as hdfs:///savepoints";
        if (path.isBlank()) {
            throw new ParameterException(spec.commandLine(), what + " is blank" + fix);
        }
        URI uri;
        try {
            uri = new URI(path);
        } catch (URISyntaxException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    what + " '" + path + "' is not a valid path or URI (" + e.getReason() + ")" + fix);
        }
        boolean absolute =
                uri.getScheme() != null ? uri.getPath() != null && uri.getPath().startsWith("/") : path.startsWith("/");
        if (!absolute) {
            throw new ParameterException(
                    spec.commandLine(),
                    what + " '" + path + "' is not absolute: the cluster would read it relative "
                            + "to its own working directory" + fix);
        }
        return path;
    }
}
