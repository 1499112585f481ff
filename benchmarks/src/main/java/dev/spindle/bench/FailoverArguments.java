package dev.spindle.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link FailoverBench}: {@code --name value} options and repeatable {@code -D
 * key=value} settings for the {@code spindle run} command.
 */
record FailoverArguments(
        Path spindle,
        Path jar,
        Path confDir,
        Path work,
        String quorum,
        int runs,
        long records,
        long keys,
        long rate,
        long intervalMillis,
        int checkpointsBeforeKill,
        List<String> settings) {
    private static final List<String> REQUIRED = List.of("spindle", "jar", "conf-dir", "work", "quorum");
    private static final List<String> OPTIONAL =
            List.of("runs", "records", "keys", "rate", "interval-ms", "checkpoints-before-kill");

    static FailoverArguments parse(String[] argv) {
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
        for (String required : REQUIRED) {
            if (!a.containsKey(required) || a.get(required).isBlank()) {
                throw new IllegalArgumentException("--" + required + " is missing");
            }
        }
        for (String name : a.keySet()) {
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        long records = number(a, "records", 500_000, 1);
        if (records > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--records must be at most " + (Integer.MAX_VALUE - 8));
        }
        return new FailoverArguments(
                Path.of(a.get("spindle")),
                Path.of(a.get("jar")),
                Path.of(a.get("conf-dir")),
                Path.of(a.get("work")),
                a.get("quorum"),
                (int) number(a, "runs", 3, 1),
                records,
                number(a, "keys", 100_000, 1),
                number(a, "rate", 20_000, 1),
                number(a, "interval-ms", 1000, 1),
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
