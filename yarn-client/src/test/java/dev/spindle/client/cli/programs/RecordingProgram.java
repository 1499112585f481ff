package dev.spindle.client.cli.programs;

import dev.spindle.api.StreamExecutionEnvironment;
import java.util.List;

/** Runs no job; records what it was given, for tests of how the CLI calls main(). */
public final class RecordingProgram {
    /** A configuration key tests set with -D and read back. */
    public static final String CUSTOM_KEY = "test.custom-key";

    public static volatile List<String> args;
    public static volatile int parallelism;
    public static volatile String customValue;
    public static volatile ClassLoader contextClassLoader;
    public static volatile ClassLoader userClassLoader;

    private RecordingProgram() {}

    public static void reset() {
        args = null;
        parallelism = 0;
        customValue = null;
        contextClassLoader = null;
        userClassLoader = null;
    }

    public static void main(String[] mainArgs) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        args = List.of(mainArgs);
        parallelism = env.getParallelism();
        customValue = env.getConfiguration().toMap().get(CUSTOM_KEY);
        contextClassLoader = Thread.currentThread().getContextClassLoader();
        userClassLoader = env.getUserClassLoader();
    }
}
