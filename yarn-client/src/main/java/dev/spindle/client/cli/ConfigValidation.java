package dev.spindle.client.cli;

import dev.spindle.config.ConfigChecks;
import dev.spindle.config.ConfigOption;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.KeySuggestions;
import dev.spindle.config.MetricOptions;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.yarn.YarnOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one place where the client checks the configuration it is given ({@code -D} and the flags
 * that stand for options, such as {@code -p}, {@code -s}, {@code -jm}) against every option it
 * knows, the engine's and the YARN ones, before anything is uploaded, submitted or started: a bad
 * value is a usage error (exit 2) with one line naming the key, the value and what is allowed,
 * rather than a deployment that fails minutes later. Unknown keys pass (they may be the user's own
 * or Hadoop's), with a warning naming the nearest known key.
 */
final class ConfigValidation {
    /** Every option the client knows. */
    static final List<ConfigOption<?>> KNOWN_OPTIONS = knownOptions();
    /** Their keys, deprecated ones included. */
    private static final Set<String> KNOWN_KEYS = knownKeys();

    private ConfigValidation() {}

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
        for (String warning : unknownKeys(config)) {
            spec.commandLine().getErr().println("spindle: warning: " + warning);
        }
        spec.commandLine().getErr().flush();
        return config;
    }

    /**
     * One warning per key that is no option the client knows (from the configuration file or
     * {@code -D}), naming the nearest known key when one is close: a misspelt key would otherwise
     * be ignored without a word. Such keys still pass on unchanged (a program may read its own).
     */
    static List<String> unknownKeys(Configuration config) {
        List<String> warnings = new ArrayList<>();
        for (String key : config.toMap().keySet()) {
            // A reporter's options are its own (metrics.reporter.<name>.<key>): any key may be one.
            if (!KNOWN_KEYS.contains(key) && !key.startsWith(MetricOptions.REPORTER_PREFIX)) {
                String nearest = KeySuggestions.nearest(key, KNOWN_KEYS);
                warnings.add("unknown option '" + key + "'"
                        + (nearest != null
                                ? "; did you mean '" + nearest + "'?"
                                : " (no option of Spindle's; passed on unchanged)"));
            }
        }
        return warnings;
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

    private static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>();
        for (ConfigOption<?> option : KNOWN_OPTIONS) {
            keys.add(option.key());
            keys.addAll(option.deprecatedKeys());
        }
        return keys;
    }

    private static List<ConfigOption<?>> knownOptions() {
        List<ConfigOption<?>> all = new ArrayList<>(ConfigChecks.engineOptions());
        all.addAll(ConfigChecks.declaredIn(YarnOptions.class));
        return List.copyOf(all);
    }
}
