package dev.spindle.config;

import java.util.List;
import java.util.Objects;

/**
 * One configuration option, declared once: key, type, default, description and the older keys
 * it is still read from. The reference in docs/ is generated from these declarations.
 *
 * @param <T> the value type
 */
public final class ConfigOption<T> {
    private final String key;
    private final Class<T> type;
    private final T defaultValue;
    private final String description;
    private final List<String> deprecatedKeys;

    ConfigOption(String key, Class<T> type, T defaultValue, String description, List<String> deprecatedKeys) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.description = description == null ? "" : description;
        this.deprecatedKeys = List.copyOf(deprecatedKeys);
    }

    public String key() {
        return key;
    }

    public Class<T> type() {
        return type;
    }

    /** The default, or {@code null} when the option has none. */
    public T defaultValue() {
        return defaultValue;
    }

    public boolean hasDefault() {
        return defaultValue != null;
    }

    public String description() {
        return description;
    }

    public List<String> deprecatedKeys() {
        return deprecatedKeys;
    }

    /** A copy of this option with a description. */
    public ConfigOption<T> withDescription(String text) {
        return new ConfigOption<>(key, type, defaultValue, text, deprecatedKeys);
    }

    /** A copy of this option that is also read from the given older keys. */
    public ConfigOption<T> withDeprecatedKeys(String... keys) {
        return new ConfigOption<>(key, type, defaultValue, description, List.of(keys));
    }

    @Override
    public String toString() {
        return key;
    }
}
