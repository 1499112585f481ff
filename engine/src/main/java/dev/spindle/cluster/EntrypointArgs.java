package dev.spindle.cluster;

import dev.spindle.config.Configuration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of a cluster process: {@code --name value} pairs from a fixed set, and
 * configuration options as {@code -D key=value} (or {@code -Dkey=value}). These processes are
 * started by scripts and drivers, not typed by users, so the parser is small and strict: anything
 * else is an {@link IllegalArgumentException} naming it. Public for the TaskManager entry point of
 * YARN containers (yarn-am).
 */
public final class EntrypointArgs {
    private final Map<String, String> named = new LinkedHashMap<>();
    private final Configuration configuration = new Configuration();

    private EntrypointArgs() {
    }

    public static EntrypointArgs parse(String[] args, Set<String> allowed) {
        EntrypointArgs parsed = new EntrypointArgs();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-D")) {
                String option = a.length() > 2 ? a.substring(2) : value(args, ++i, a);
                int eq = option.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("-D takes key=value, got '" + option + "'");
                }
                parsed.configuration.setString(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
            } else if (a.startsWith("--") && allowed.contains(a.substring(2))) {
                parsed.named.put(a.substring(2), value(args, ++i, a));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'; expected -D key=value or one of --"
                        + String.join(", --", allowed));
            }
        }
        return parsed;
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    public String required(String name) {
        String v = named.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    public String optional(String name, String defaultValue) {
        return named.getOrDefault(name, defaultValue);
    }

    public int requiredInt(String name) {
        String v = required(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a number, got '" + v + "'", e);
        }
    }

    public Configuration configuration() {
        return configuration;
    }

    /** {@code host:port}, the host may be a name or an IPv4 address. */
    public static java.net.InetSocketAddress hostAndPort(String text, String what) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(what + " must be host:port, got '" + text + "'");
        }
        try {
            return new java.net.InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be host:port, got '" + text + "'", e);
        }
    }

    /** The options as {@code -D key=value} arguments, to pass a configuration on to another process. */
    static List<String> asArguments(Configuration configuration) {
        List<String> out = new java.util.ArrayList<>();
        configuration.toMap().forEach((k, v) -> {
            out.add("-D");
            out.add(k + "=" + v);
        });
        return out;
    }
}
