package dev.spindle.bench;

import java.nio.file.Path;
import java.util.List;

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
        List<String> settings)
        implements YarnBench.Arguments {
    private static final List<String> REQUIRED = List.of("spindle", "jar", "conf-dir", "work", "quorum");
    private static final List<String> OPTIONAL =
            List.of("runs", "records", "keys", "rate", "interval-ms", "checkpoints-before-kill");

    static FailoverArguments parse(String[] argv) {
        BenchOptions a = BenchOptions.parse(argv, REQUIRED, OPTIONAL, true, "");
        long records = a.number("records", 500_000, 1);
        if (records > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--records must be at most " + (Integer.MAX_VALUE - 8));
        }
        return new FailoverArguments(
                a.path("spindle"),
                a.path("jar"),
                a.path("conf-dir"),
                a.path("work"),
                a.text("quorum"),
                (int) a.number("runs", 3, 1),
                records,
                a.number("keys", 100_000, 1),
                a.number("rate", 20_000, 1),
                a.number("interval-ms", 1000, 1),
                (int) a.number("checkpoints-before-kill", 2, 1),
                a.settings());
    }
}
