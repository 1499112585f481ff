package dev.spindle.config;

import java.util.Arrays;
import java.util.List;

/**
 * The value of a JVM-options option: a list of command-line arguments for {@code java}. Parsed
 * apart from other lists because a JVM option may hold a comma ({@code -XX:CompileCommand=a,b}):
 * items are separated by {@code ;} when the text has one (a YAML list in config.yaml arrives so),
 * else by whitespace as Flink's {@code env.java.opts.*} are ({@code -D env.java.opts.taskmanager="-Xss2m
 * -Dx=y"}). Items are trimmed; empty ones are dropped.
 *
 * @param items the arguments in order
 */
public record JvmOptions(List<String> items) {
    public static final JvmOptions NONE = new JvmOptions(List.of());

    public JvmOptions {
        items = List.copyOf(items);
    }

    public static JvmOptions parse(String text) {
        String separator = text.indexOf(';') >= 0 ? ";" : "\\s+";
        return new JvmOptions(Arrays.stream(text.split(separator))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList());
    }

    /** The items joined by {@code ;}, which {@link #parse} reads back to the same items. */
    @Override
    public String toString() {
        return String.join(";", items);
    }
}
