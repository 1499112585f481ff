package dev.spindle.client.cli;

import dev.spindle.util.ProcessStats;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code spindle}: the command users type to run programs and manage their jobs (and, in later
 * issues, YARN clusters). It only dispatches to subcommands; {@link #run} is the whole CLI minus the
 * JVM exit, so tests drive it in-process.
 */
@Command(
        name = "spindle",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Runs Spindle programs and manages their jobs.",
        subcommands = {
            RunCommand.class,
            RunApplicationCommand.class,
            InfoCommand.class,
            ListCommand.class,
            CancelCommand.class,
            CheckpointsCommand.class,
            SavepointCommand.class,
            StopCommand.class,
            CleanCommand.class,
            HelpCommand.class
        })
public final class SpindleCli implements Callable<Integer> {
    /** When set to 1, the process's peak RSS is reported on stderr before exit (read by scripts/bench). */
    static final String REPORT_PEAK_RSS_ENV = "SPINDLE_REPORT_PEAK_RSS";

    @Spec
    private CommandSpec spec;

    // Inherited, so that it works after the subcommand too ("spindle run -v ..."); the exception
    // handler looks for it at every level of the parse result.
    @Option(
            names = {"-v", CliExceptionHandler.VERBOSE_OPTION},
            scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure.")
    private boolean verbose;

    public static void main(String[] args) {
        int exitCode = run(args, System.out, System.err);
        if ("1".equals(System.getenv(REPORT_PEAK_RSS_ENV))) {
            System.err.println(ProcessStats.peakRssReport());
        }
        System.exit(exitCode);
    }

    /** Runs the CLI with {@code out} and {@code err} as its own output streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new SpindleCli());
        CliExceptionHandler handler = new CliExceptionHandler();
        cli.setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                // Everything after the first positional (the jar) belongs to the user's program,
                // even what looks like an option of spindle.
                .setStopAtPositional(true)
                // --output json as well as JSON
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(handler)
                .setExecutionExceptionHandler(handler);
        addExitCodesToHelp(cli);
        return cli;
    }

    /** Without a command there is nothing to do; say so as a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(),
                "missing command; commands: "
                        + String.join(", ", spec.subcommands().keySet()));
    }

    private static void addExitCodesToHelp(CommandLine command) {
        command.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.describe());
        command.getSubcommands().values().forEach(SpindleCli::addExitCodesToHelp);
    }
}
