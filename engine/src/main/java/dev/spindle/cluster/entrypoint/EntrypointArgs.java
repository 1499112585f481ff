package dev.spindle.cluster.entrypoint;

import dev.spindle.config.Configuration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of a cluster process: {@code --name value} pairs from a fixed set, and the
 * configuration in the file of {@code --config-file FILE} ({@link ConfigurationFile}). Configuration
 * values are never arguments: a command line is visible to every user of the machine, and values
 * may be secrets; {@code -D} is refused, saying so. These processes are started by scripts and
 * drivers, not typed by users, so the parser is small and strict: anything else is an
 * {@link IllegalArgumentException} naming it. Public for the TaskManager entry point of YARN
 * containers (yarn-am).
 */
public final class EntrypointArgs {
    private final Map<String, String> named = new LinkedHashMap<>();
    private final Configuration configuration = new Configuration();

    private EntrypointArgs() {}

    public static EntrypointArgs parse(String[] args, Set<String> allowed) {
        EntrypointArgs parsed = new EntrypointArgs();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-D")) {
                // Names the key only: the value may be a secret, and this message is logged.
                String option = a.length() > 2 || i + 1 >= args.length ? a.substring(2) : args[i + 1];
                throw new IllegalArgumentException("configuration options are not taken as arguments (-D "
                        + option.split("=", 2)[0] + "): a command line is visible to every user of the machine;"
                        + " put them in the file of --" + ConfigurationFile.ARGUMENT);
            } else if (a.equals("--" + ConfigurationFile.ARGUMENT)) {
                parsed.configuration.addAll(readConfiguration(value(args, ++i, a)));
            } else if (a.startsWith("--") && allowed.contains(a.substring(2))) {
                parsed.named.put(a.substring(2), value(args, ++i, a));
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'; expected --"
                        + ConfigurationFile.ARGUMENT + " or one of --" + String.join(", --", allowed));
            }
        }
        return parsed;
    }

    private static Configuration readConfiguration(String file) {
        try {
            return ConfigurationFile.read(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the configuration file " + file + ": " + e, e);
        }
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
            return new java.net.InetSocketAddress(
                    text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be host:port, got '" + text + "'", e);
        }
    }
}
