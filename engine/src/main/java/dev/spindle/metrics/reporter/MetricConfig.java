package dev.spindle.metrics.reporter;

import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.MetricOptions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options of one reporter: {@code metrics.reporter.<name>.<key>}, by {@code <key>}. A value
 * that cannot be used fails with the option's full key in the message.
 */
public final class MetricConfig {
    private final String reporterName;
    private final Map<String, String> values;

    public MetricConfig(String reporterName, Map<String, String> values) {
        this.reporterName = reporterName;
        this.values = new TreeMap<>(values);
    }

    /** The options of the reporter {@code name} in {@code config}. */
    public static MetricConfig of(String name, Configuration config) {
        String prefix = MetricOptions.REPORTER_PREFIX + name + ".";
        Map<String, String> own = new TreeMap<>();
        config.toMap().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                own.put(k.substring(prefix.length()), v);
            }
        });
        return new MetricConfig(name, own);
    }

    public String reporterName() {
        return reporterName;
    }

    /** The full key of the reporter's option {@code key}, for messages. */
    public String keyOf(String key) {
        return MetricOptions.REPORTER_PREFIX + reporterName + "." + key;
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public String getString(String key, String defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : v.trim();
    }

    public int getInteger(String key, int defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalConfigurationException(keyOf(key) + ": '" + v + "' is not an integer");
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.trim().equalsIgnoreCase("true") && !v.trim().equalsIgnoreCase("false")) {
            throw new IllegalConfigurationException(keyOf(key) + ": '" + v + "' is not true or false");
        }
        return Boolean.parseBoolean(v.trim());
    }

    public Duration getDuration(String key, Duration defaultValue) {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            Duration d = Configuration.parseDuration(v);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalConfigurationException(
                    keyOf(key) + ": '" + v + "' is not a positive duration such as 10 s or 1 min");
        }
    }

    /** Every option of the reporter, by key. */
    public Map<String, String> toMap() {
        return Map.copyOf(values);
    }
}
