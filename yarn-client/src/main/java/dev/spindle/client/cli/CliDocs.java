package dev.spindle.client.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Generates the CLI reference (docs/cli.md) from the commands themselves: the exit codes of
 * {@link ExitCodes} and the usage help of {@code spindle}, each of its subcommands and
 * {@code yarn-session}, exactly as their {@code --help} prints it, so that the reference cannot
 * drift from the code. A test fails when the file is stale.
 *
 * <pre>java -cp "yarn-client/target/classes:yarn-client/target/lib/*" dev.spindle.client.cli.CliDocs &gt; docs/cli.md</pre>
 */
public final class CliDocs {
    static final String REGENERATE = "mvn -B -q -o -pl yarn-client -am package -DskipTests && "
            + "java -cp \"yarn-client/target/classes:yarn-client/target/lib/*\" dev.spindle.client.cli.CliDocs > docs/cli.md";

    private CliDocs() {}

    public static void main(String[] args) {
        System.out.print(render());
    }

    /** The reference as Markdown. */
    public static String render() {
        StringBuilder b = new StringBuilder();
        b.append("# CLI reference\n\n")
                .append(
                        "Generated from the commands' Picocli definitions by `dev.spindle.client.cli.CliDocs`; do not edit\n")
                .append("by hand. Regenerate: `")
                .append(REGENERATE)
                .append("`.\n\n")
                .append("What the commands do, with examples: [the `spindle` command](spindle-command.md),\n")
                .append(
                        "[a standalone cluster](standalone.md), [Spindle on YARN](deployment-yarn.md). The scripts in\n")
                .append("`scripts/` run these commands: `scripts/spindle` is `spindle`, `scripts/yarn-session` is\n")
                .append("`yarn-session`.\n");
        b.append("\n## Exit codes\n\n")
                .append(
                        "Every command exits with one of these codes (details: [exit codes](spindle-command.md#exit-codes)).\n\n")
                .append("| code | meaning |\n| --- | --- |\n");
        for (Map.Entry<String, String> code : ExitCodes.describe().entrySet()) {
            b.append("| ")
                    .append(code.getKey())
                    .append(" | ")
                    .append(code.getValue().replace("|", "\\|"))
                    .append(" |\n");
        }
        b.append(section("spindle", spindleHelp()));
        for (String command : subcommands()) {
            b.append(section("spindle " + command, spindleHelp(command, "--help")));
        }
        b.append(section("yarn-session", yarnSessionHelp()));
        return b.toString();
    }

    /** The subcommands of {@code spindle} in the order of its help, without {@code help} itself. */
    static List<String> subcommands() {
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>(
                SpindleCli.commandLine(discard, discard).getSubcommands().keySet());
        names.remove("help");
        return names;
    }

    private static String section(String command, String help) {
        return "\n## `" + command + "`\n\n```\n" + help.stripTrailing() + "\n```\n";
    }

    private static String spindleHelp(String... args) {
        String[] withHelp = args.length == 0 ? new String[] {"--help"} : args;
        return capture(out -> SpindleCli.run(withHelp, out, out));
    }

    private static String yarnSessionHelp() {
        return capture(out -> YarnSessionCommand.run(new String[] {"--help"}, InputStream.nullInputStream(), out, out));
    }

    /** What a command printed on stdout and stderr together; fails unless it exited 0. */
    private static String capture(Command command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exitCode = command.run(out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (exitCode != 0) {
            throw new IllegalStateException("--help exited " + exitCode + ": " + text);
        }
        return text;
    }

    /** A command line run with one stream for its output. */
    private interface Command {
        int run(PrintStream out);
    }
}
