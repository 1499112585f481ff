package dev.spindle.bench;

import java.nio.file.Path;
import java.util.List;

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
        List<String> settings)
        implements YarnBench.Arguments {
    private static final List<String> REQUIRED = List.of("spindle", "jar", "conf-dir", "work");
    private static final List<String> OPTIONAL =
            List.of("runs", "records", "keys", "rate", "interval-ms", "restart-delay-ms", "checkpoints-before-kill");

    static RecoveryArguments parse(String[] argv) {
        BenchOptions a = BenchOptions.parse(argv, REQUIRED, OPTIONAL, true, "");
        return new RecoveryArguments(
                a.path("spindle"),
                a.path("jar"),
                a.path("conf-dir"),
                a.path("work"),
                (int) a.number("runs", 3, 1),
                a.number("records", 500_000, 1),
                a.number("keys", 100_000, 1),
                a.number("rate", 20_000, 1),
                a.number("interval-ms", 1000, 1),
                a.number("restart-delay-ms", 100, 1),
                (int) a.number("checkpoints-before-kill", 2, 1),
                a.settings());
    }
}
