package dev.spindle.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The command line of a benchmark driver, as scripts/bench passes it: {@code --name value} options
 * and, where the driver takes them, repeatable {@code -D key=value} settings for the {@code spindle
 * run} command. Errors are {@link IllegalArgumentException}s whose message names the option (and
 * ends with the driver's usage, where it has one), for the driver to print as one line.
 */
final class BenchOptions {
    private final Map<String, String> options;
    private final List<String> settings;

    private BenchOptions(Map<String, String> options, List<String> settings) {
        this.options = options;
        this.settings = settings;
    }

    /**
     * Parses {@code argv}: every name in {@code required} must have a non-blank value, every other
     * name must be in {@code optional}.
     *
     * @param withSettings whether {@code -D key=value} settings are allowed
     * @param usage appended to the messages of malformed command lines; empty for none
     */
    static BenchOptions parse(
            String[] argv, List<String> required, List<String> optional, boolean withSettings, String usage) {
        String suffix = usage.isEmpty() ? "" : "; " + usage;
        if (argv.length % 2 != 0) {
            throw new IllegalArgumentException("option " + argv[argv.length - 1] + " has no value" + suffix);
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < argv.length; i += 2) {
            if (withSettings && argv[i].equals("-D")) {
                settings.add(argv[i + 1]);
            } else if (argv[i].startsWith("--")) {
                options.put(argv[i].substring(2), argv[i + 1]);
            } else {
                throw new IllegalArgumentException("expected an option, got " + argv[i] + suffix);
            }
        }
        for (String name : required) {
            if (!options.containsKey(name) || options.get(name).isBlank()) {
                throw new IllegalArgumentException("--" + name + " is missing" + suffix);
            }
        }
        for (String name : options.keySet()) {
            if (!required.contains(name) && !optional.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + suffix);
            }
        }
        return new BenchOptions(options, List.copyOf(settings));
    }

    /**
     * Parses a driver's command line, or ends the JVM with exit code 2 after one line naming the
     * problem ({@code Driver: message}) on stderr.
     */
    static <A> A parseOrExit(String driver, String[] argv, Function<String[], A> parse) {
        try {
            return parse.apply(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(driver + ": " + e.getMessage());
            System.exit(2);
            throw e; // not reached
        }
    }

    String text(String name) {
        return options.get(name);
    }

    Path path(String name) {
        return Path.of(options.get(name));
    }

    /** The repeatable {@code -D} settings, in order. */
    List<String> settings() {
        return settings;
    }

    /** A whole number of at least {@code min}, or {@code defaultValue} when the option is not given. */
    long number(String name, long defaultValue, long min) {
        return number(name, defaultValue, min, Long.MAX_VALUE, "a whole number >= " + min);
    }

    /** A whole number from {@code min} to {@code max}, or {@code defaultValue} when the option is not given. */
    long number(String name, long defaultValue, long min, long max) {
        return number(name, defaultValue, min, max, "a whole number from " + min + " to " + max);
    }

    private long number(String name, long defaultValue, long min, long max, String what) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " needs " + what + ", got '" + value + "'");
    }
}
