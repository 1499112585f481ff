package dev.spindle.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link RecoveryBench}: {@code --name value} options and repeatable {@code -D
 * key=value} settings for the {@code spindle run} command.
 */
record RecoveryArguments(
        Path spindle,
        Path jar,
        Path confDir,
        Path work,
        int runs,
        long records,
        long keys,
        long rate,
        long intervalMillis,
        long restartDelayMillis,
        int checkpointsBeforeKill,
        List<String> settings) {
    private static final List<String> KNOWN = List.of(
            "spindle",
            "jar",
            "conf-dir",
            "work",
            "runs",
            "records",
            "keys",
            "rate",
            "interval-ms",
            "restart-delay-ms",
            "checkpoints-before-kill");

    static RecoveryArguments parse(String[] argv) {
        if (argv.length % 2 != 0) {
            throw new IllegalArgumentException("option " + argv[argv.length - 1] + " has no value");
        }
        Map<String, String> a = new LinkedHashMap<>();
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < argv.length; i += 2) {
            if (argv[i].equals("-D")) {
                settings.add(argv[i + 1]);
                continue;
            }
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + argv[i]);
            }
            a.put(argv[i].substring(2), argv[i + 1]);
        }
        for (String required : List.of("spindle", "jar", "conf-dir", "work")) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + " is missing");
            }
        }
        for (String name : a.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new RecoveryArguments(
                Path.of(a.remove("spindle")),
                Path.of(a.remove("jar")),
                Path.of(a.remove("conf-dir")),
                Path.of(a.remove("work")),
                (int) number(a, "runs", 3, 1),
                number(a, "records", 500_000, 1),
                number(a, "keys", 100_000, 1),
                number(a, "rate", 20_000, 1),
                number(a, "interval-ms", 1000, 1),
                number(a, "restart-delay-ms", 100, 1),
                (int) number(a, "checkpoints-before-kill", 2, 1),
                List.copyOf(settings));
    }

    private static long number(Map<String, String> a, String name, long defaultValue, long min) {
        String value = a.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " needs a whole number >= " + min + ", got '" + value + "'");
    }
}
