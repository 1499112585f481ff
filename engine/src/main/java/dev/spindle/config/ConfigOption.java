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
    private final Constraint<? super T> constraint;

    ConfigOption(
            String key,
            Class<T> type,
            T defaultValue,
            String description,
            List<String> deprecatedKeys,
            Constraint<? super T> constraint) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.description = description == null ? "" : description;
        this.deprecatedKeys = List.copyOf(deprecatedKeys);
        this.constraint = constraint;
        if (defaultValue != null && constraint != null && !constraint.test(defaultValue)) {
            throw new IllegalArgumentException("the default of " + key + " breaks its own rule: " + constraint);
        }
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

    /** The rule values must follow beyond their type, or null when any value of the type will do. */
    public Constraint<? super T> constraint() {
        return constraint;
    }

    /**
     * What the option accepts, in words, for messages and the reference: the type and the rule,
     * e.g. "an integer, at least 1".
     */
    public String allowedValues() {
        String text = typeInWords();
        return constraint == null ? text : text + ", " + constraint.description();
    }

    private String typeInWords() {
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder("one of ");
            T[] constants = type.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                values.append(i == 0 ? "" : ", ").append(((Enum<?>) constants[i]).name());
            }
            return values.toString();
        }
        return switch (type.getSimpleName()) {
            case "Integer", "Long" -> "an integer";
            case "Double" -> "a number";
            case "Boolean" -> "true or false";
            case "Duration" -> "a duration such as 500 ms, 10 s or 5 min";
            case "MemorySize" -> "a memory size such as 512m or 1g";
            case "List" -> "a list of strings, separated by ; or ,";
            case "JvmOptions" -> "JVM options, separated by ; (or, without ;, by spaces)";
            default -> "a string";
        };
    }

    /** A copy of this option with a description. */
    public ConfigOption<T> withDescription(String text) {
        return new ConfigOption<>(key, type, defaultValue, text, deprecatedKeys, constraint);
    }

    /** A copy of this option that is also read from the given older keys. */
    public ConfigOption<T> withDeprecatedKeys(String... keys) {
        return new ConfigOption<>(key, type, defaultValue, description, List.of(keys), constraint);
    }

    /** A copy of this option that accepts only values that follow {@code rule}. */
    public ConfigOption<T> withConstraint(Constraint<? super T> rule) {
        return new ConfigOption<>(key, type, defaultValue, description, deprecatedKeys, Objects.requireNonNull(rule));
    }

    @Override
    public String toString() {
        return key;
    }
}
