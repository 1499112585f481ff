package dev.spindle.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Configuration values as strings, read through typed {@link ConfigOption}s. Values are parsed
 * when read, so a malformed value fails with a message naming the key, wherever it came from
 * (a YAML file, {@code -D} on the command line, or code).
 *
 * <p>Not thread-safe for writes; share a configuration only after it is filled in, or copy it.
 */
public final class Configuration {
    private final TreeMap<String, String> values = new TreeMap<>();

    public Configuration() {}

    public Configuration(Configuration other) {
        values.putAll(other.values);
    }

    public static Configuration fromMap(Map<String, String> map) {
        Configuration c = new Configuration();
        c.values.putAll(map);
        return c;
    }

    /** All raw values, sorted by key. */
    public Map<String, String> toMap() {
        return Collections.unmodifiableMap(values);
    }

    public void setString(String key, String value) {
        values.put(Objects.requireNonNull(key), Objects.requireNonNull(value, "value of " + key));
    }

    public <T> Configuration set(ConfigOption<T> option, T value) {
        setString(option.key(), format(value));
        return this;
    }

    /** Copies every value of {@code other} into this configuration, replacing equal keys. */
    public void addAll(Configuration other) {
        values.putAll(other.values);
    }

    public boolean contains(ConfigOption<?> option) {
        return rawValue(option) != null;
    }

    public void remove(ConfigOption<?> option) {
        values.remove(option.key());
    }

    /**
     * The value, the default when unset, or {@code null} when neither.
     *
     * @throws IllegalConfigurationException when the value is not of the option's type or breaks its
     *     {@link ConfigOption#constraint() constraint}; the message names the key, the value and
     *     what is allowed
     */
    public <T> T get(ConfigOption<T> option) {
        String raw = rawValue(option);
        if (raw == null) {
            return option.defaultValue();
        }
        T value;
        try {
            value = parse(option.type(), raw.trim());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalid(option, raw, e);
        }
        Constraint<? super T> rule = option.constraint();
        if (rule != null && !rule.test(value)) {
            throw invalid(option, raw, null);
        }
        return value;
    }

    private static IllegalConfigurationException invalid(ConfigOption<?> option, String raw, RuntimeException cause) {
        return new IllegalConfigurationException(
                "invalid value '" + raw + "' for " + option.key() + ": expected " + option.allowedValues(), cause);
    }

    private String rawValue(ConfigOption<?> option) {
        String raw = values.get(option.key());
        if (raw == null) {
            for (String old : option.deprecatedKeys()) {
                raw = values.get(old);
                if (raw != null) {
                    break;
                }
            }
        }
        return raw;
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // the enum branch: type is checked by isEnum()
    static <T> T parse(Class<T> type, String raw) {
        Object v;
        if (type == String.class) {
            v = raw;
        } else if (type == Integer.class) {
            v = Integer.parseInt(raw);
        } else if (type == Long.class) {
            v = Long.parseLong(raw);
        } else if (type == Double.class) {
            v = Double.parseDouble(raw);
        } else if (type == Boolean.class) {
            if (raw.equalsIgnoreCase("true")) {
                v = Boolean.TRUE;
            } else if (raw.equalsIgnoreCase("false")) {
                v = Boolean.FALSE;
            } else {
                throw new IllegalArgumentException("expected true or false");
            }
        } else if (type == Duration.class) {
            v = parseDuration(raw);
        } else if (type == MemorySize.class) {
            v = MemorySize.parse(raw);
        } else if (type.isEnum()) {
            v = parseEnum((Class) type, raw);
        } else if (type == JvmOptions.class) {
            v = JvmOptions.parse(raw);
        } else if (type == List.class) {
            v = Arrays.stream(raw.split("[;,]"))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .toList();
        } else {
            throw new IllegalArgumentException("unsupported option type " + type.getName());
        }
        return type.cast(v);
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String raw) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(raw)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name());
        }
        throw new IllegalArgumentException("expected one of " + allowed);
    }

    /** Parses {@code 250}, {@code 250 ms}, {@code 10s}, {@code 5 min}, {@code 2h}, {@code 1d}. */
    public static Duration parseDuration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (expected e.g. 500 ms, 10 s, 5 min)");
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).trim();
        return switch (unit) {
            case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(n);
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
            case "h", "hour", "hours" -> Duration.ofHours(n);
            case "d", "day", "days" -> Duration.ofDays(n);
            default ->
                throw new IllegalArgumentException(
                        "unknown time unit '" + unit + "' in '" + text + "' (use ms, s, min, h or d)");
        };
    }

    static String format(Object value) {
        if (value instanceof Duration d) {
            return d.toMillis() + " ms";
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof List<?> items) {
            return items.stream().map(String::valueOf).collect(Collectors.joining(";"));
        }
        return String.valueOf(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Configuration c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
