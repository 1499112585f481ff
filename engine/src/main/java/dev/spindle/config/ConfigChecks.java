package dev.spindle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks a whole configuration before anything is done with it: every value of a known option
 * (its type and {@link Constraint}), and the rules that tie options together, such as an interval
 * that must stay below its timeout. Clients run it before they upload or submit anything, so that
 * a bad value is one message instead of a deployment that fails later. Keys that no declaration
 * knows pass: they may be the user's own or another system's (Hadoop's).
 */
public final class ConfigChecks {
    private ConfigChecks() {}

    /** Every option the engine declares (those of the reference, docs/configuration.md). */
    public static List<ConfigOption<?>> engineOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Class<?> c : ConfigDocs.OPTION_CLASSES) {
            options.addAll(ConfigDocs.optionsOf(c));
        }
        return options;
    }

    /** The options declared as public static fields of {@code optionClass}, such as yarn-am's YarnOptions. */
    public static List<ConfigOption<?>> declaredIn(Class<?> optionClass) {
        return ConfigDocs.optionsOf(optionClass);
    }

    /**
     * @param known the options whose values are checked (a set value of another key passes)
     * @throws IllegalConfigurationException for the first value or combination that cannot be used;
     *     the message names the key(s), the value(s) and what is allowed
     */
    public static void check(Configuration config, Collection<ConfigOption<?>> known) {
        for (ConfigOption<?> option : known) {
            config.get(option); // parses and applies the option's constraint
        }
        clientLease(config);
        below(
                ClusterOptions.HEARTBEAT_INTERVAL,
                config.get(ClusterOptions.HEARTBEAT_INTERVAL),
                ClusterOptions.HEARTBEAT_TIMEOUT,
                config.get(ClusterOptions.HEARTBEAT_TIMEOUT),
                "or TaskManagers would be taken for lost between two heartbeats");
        MemorySize min = config.get(NetworkOptions.NETWORK_MIN);
        MemorySize max = config.get(NetworkOptions.NETWORK_MAX);
        if (min.compareTo(max) > 0) {
            throw new IllegalConfigurationException(NetworkOptions.NETWORK_MIN.key() + " (" + min
                    + ") must not be above " + NetworkOptions.NETWORK_MAX.key() + " (" + max + ")");
        }
        slotBounds(config);
        String restartType = config.get(RestartStrategyOptions.TYPE);
        Duration checkpointInterval = config.get(CheckpointingOptions.INTERVAL);
        boolean checkpointing =
                checkpointInterval != null && !checkpointInterval.isZero() && !checkpointInterval.isNegative();
        if (restartType == null
                ? checkpointing
                : restartType.equalsIgnoreCase("exponential-delay")
                        || restartType.equalsIgnoreCase("exponentialdelay")) {
            exponentialBackoffBounds(config);
        }
    }

    /**
     * exponential-delay's bounds: the max backoff not below the initial one. Checked by clients when
     * the strategy is (or, with checkpointing, defaults to) exponential-delay, and when one is made.
     *
     * @throws IllegalConfigurationException naming both keys and values when it is
     */
    public static void exponentialBackoffBounds(Configuration config) {
        Duration initial = config.get(RestartStrategyOptions.EXPONENTIAL_DELAY_INITIAL_BACKOFF);
        Duration max = config.get(RestartStrategyOptions.EXPONENTIAL_DELAY_MAX_BACKOFF);
        if (max.compareTo(initial) < 0) {
            throw new IllegalConfigurationException(RestartStrategyOptions.EXPONENTIAL_DELAY_MAX_BACKOFF.key() + " ("
                    + Configuration.format(max) + ") must not be below "
                    + RestartStrategyOptions.EXPONENTIAL_DELAY_INITIAL_BACKOFF.key() + " ("
                    + Configuration.format(initial) + ")");
        }
    }

    /**
     * The cluster's slot bounds: {@code slotmanager.number-of-slots.min} and {@code .max} each in their
     * range, the minimum not above the maximum. The client checks them before deploying, the resource
     * manager when it starts.
     */
    public static void slotBounds(Configuration config) {
        Integer maxSlots = config.get(ClusterOptions.MAX_SLOTS);
        int minSlots = config.get(ClusterOptions.MIN_SLOTS);
        if (maxSlots != null && minSlots > maxSlots) {
            throw new IllegalConfigurationException(ClusterOptions.MIN_SLOTS.key() + " (" + minSlots
                    + ") must not exceed " + ClusterOptions.MAX_SLOTS.key() + " (" + maxSlots + ")");
        }
    }

    /**
     * The attached client's lease alone: the interval its heartbeats will be sent at (the given one,
     * or the one derived from the timeout, {@link ClientOptions#clientHeartbeatInterval}) must be
     * below the timeout, or the cluster would end while its client is still there.
     *
     * @throws IllegalConfigurationException naming both keys and values when it is not
     */
    public static void clientLease(Configuration config) {
        below(
                ClientOptions.CLIENT_HEARTBEAT_INTERVAL,
                ClientOptions.clientHeartbeatInterval(config),
                ClientOptions.CLIENT_HEARTBEAT_TIMEOUT,
                config.get(ClientOptions.CLIENT_HEARTBEAT_TIMEOUT),
                "or the cluster would end while its client is still there");
    }

    private static void below(
            ConfigOption<Duration> interval, Duration i, ConfigOption<Duration> timeout, Duration t, String why) {
        if (i.compareTo(t) >= 0) {
            throw new IllegalConfigurationException(interval.key() + " (" + Configuration.format(i) + ") must be below "
                    + timeout.key() + " (" + Configuration.format(t) + "), " + why);
        }
    }
}
