package dev.spindle.client.cli;

import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.config.GlobalConfiguration;
import dev.spindle.program.ProgramLoadException;
import dev.spindle.program.UserProgram;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the commands that call a program's main() ({@code run}, {@code info}, {@code run-application}) take: the jar, its
 * arguments, the main class, and the configuration of the program's jobs ({@code -p}, {@code -D}, and for the
 * commands that start jobs {@code -s}/{@code -n}, {@link SavepointRestoreOptions}).
 */
final class ProgramOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    private Integer parallelism;

    @Option(
            names = {"-c", "--class"},
            paramLabel = "<class>",
            order = 3,
            description = "The class whose main() is called. Default: the Main-Class of the jar's manifest.")
    private String mainClass;

    @Option(
            names = "-D",
            paramLabel = "<key=value>",
            order = 4,
            description = "A configuration option of the program's jobs, e.g. -D execution.buffer-timeout=10ms. "
                    + "Repeatable; -p wins over -D parallelism.default.")
    private Map<String, String> dynamicOptions = new LinkedHashMap<>();

    /** Read once, on first use. */
    private Configuration fileOptions;

    /** The command's -s/-n, for the commands that start jobs; null for those that do not ({@code info}). */
    private SavepointRestoreOptions restore;

    @Parameters(index = "0", paramLabel = "<jar>", description = "The program's jar.")
    private Path jar;

    @Parameters(index = "1..*", paramLabel = "<args>", description = "The program's arguments.")
    private List<String> programArgs = new ArrayList<>();

    @Option(
            names = {"-p", "--parallelism"},
            paramLabel = "<parallelism>",
            order = 2,
            description =
                    "Default parallelism of the program's jobs (at least 1); operators that set their own keep it.")
    void setParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new ParameterException(spec.commandLine(), "parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /**
     * Makes the command's {@code -s}/{@code -n} part of the jobs' configuration, after checking
     * their syntax (a usage error).
     */
    void restoreFrom(SavepointRestoreOptions options) {
        options.check(spec);
        this.restore = options;
    }

    /** Opens the jar and finds the main class, with {@code parent} as the loader of shared classes. */
    UserProgram load(ClassLoader parent) throws ProgramLoadException {
        return UserProgram.load(jar, mainClass, parent);
    }

    /** The program's jar, as given. */
    Path jar() {
        return jar;
    }

    /** The class named with {@code -c}, or null for the jar's Main-Class. */
    String mainClass() {
        return mainClass;
    }

    /** The program's arguments, unchanged. */
    List<String> programArgs() {
        return programArgs;
    }

    /**
     * The configuration of the program's jobs: the configuration file's options ({@link GlobalConfiguration}),
     * overridden by the {@code -D} options, with {@code -p} winning.
     */
    Configuration configuration() {
        if (fileOptions == null) {
            fileOptions = GlobalConfiguration.load();
        }
        Configuration configuration = new Configuration(fileOptions);
        dynamicOptions.forEach(configuration::setString);
        if (restore != null) {
            restore.applyTo(configuration);
        }
        if (parallelism != null) {
            configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        return configuration;
    }
}
