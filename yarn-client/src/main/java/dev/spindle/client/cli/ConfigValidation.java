package dev.spindle.client.cli;

import dev.spindle.config.ConfigChecks;
import dev.spindle.config.ConfigOption;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.yarn.YarnOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one place where the client checks the configuration it is given ({@code -D} and the flags
 * that stand for options, such as {@code -p}, {@code -s}, {@code -jm}) against every option it
 * knows, the engine's and the YARN ones, before anything is uploaded, submitted or started: a bad
 * value is a usage error (exit 2) with one line naming the key, the value and what is allowed,
 * rather than a deployment that fails minutes later. Unknown keys pass (they may be the user's own
 * or Hadoop's).
 */
final class ConfigValidation {
    /** Every option the client knows. */
    static final List<ConfigOption<?>> KNOWN_OPTIONS = knownOptions();

    private ConfigValidation() {
    }

    /**
     * @return {@code config}, for chaining
     * @throws ParameterException when a known option has a value it cannot take, or options contradict each other
     */
    static Configuration check(CommandSpec spec, Configuration config) {
        try {
            ConfigChecks.check(config, KNOWN_OPTIONS);
        } catch (IllegalConfigurationException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return config;
    }

    /**
     * An executor that checks the configuration of each job graph before handing it on: main()
     * runs here and may set options in code, which the command line did not show. A bad value
     * fails the program's {@code execute()} with an {@link IllegalConfigurationException} (which
     * the CLI reports as a usage error) before anything is deployed or submitted.
     */
    static PipelineExecutor checking(PipelineExecutor next) {
        return (jobGraph, userClassLoader) -> {
            ConfigChecks.check(Configuration.fromMap(jobGraph.configuration()), KNOWN_OPTIONS);
            return next.execute(jobGraph, userClassLoader);
        };
    }

    private static List<ConfigOption<?>> knownOptions() {
        List<ConfigOption<?>> all = new ArrayList<>(ConfigChecks.engineOptions());
        all.addAll(ConfigChecks.declaredIn(YarnOptions.class));
        return List.copyOf(all);
    }
}
