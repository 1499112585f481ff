package dev.spindle.config;

import java.time.Duration;
import java.util.List;

/**
 * Builds {@link ConfigOption}s: {@code ConfigOptions.key("a.b").intType().defaultValue(1)
 * .withDescription("...")}.
 */
public final class ConfigOptions {
    private ConfigOptions() {}

    public static KeyBuilder key(String key) {
        return new KeyBuilder(key);
    }

    /** The first step: choose the type. */
    public static final class KeyBuilder {
        private final String key;

        KeyBuilder(String key) {
            this.key = key;
        }

        public TypedBuilder<String> stringType() {
            return new TypedBuilder<>(key, String.class);
        }

        public TypedBuilder<Integer> intType() {
            return new TypedBuilder<>(key, Integer.class);
        }

        public TypedBuilder<Long> longType() {
            return new TypedBuilder<>(key, Long.class);
        }

        public TypedBuilder<Double> doubleType() {
            return new TypedBuilder<>(key, Double.class);
        }

        public TypedBuilder<Boolean> booleanType() {
            return new TypedBuilder<>(key, Boolean.class);
        }

        public TypedBuilder<Duration> durationType() {
            return new TypedBuilder<>(key, Duration.class);
        }

        public TypedBuilder<MemorySize> memoryType() {
            return new TypedBuilder<>(key, MemorySize.class);
        }

        /**
         * A list of strings: in {@code -D} and the configuration's string form, items separated by
         * {@code ;} or {@code ,}; in config.yaml also a YAML list. Empty items are dropped.
         */
        @SuppressWarnings("unchecked") // List.class stands for List<String>: parse() only makes those
        public TypedBuilder<List<String>> stringListType() {
            return new TypedBuilder<>(key, (Class<List<String>>) (Class<?>) List.class);
        }

        /** Arguments for {@code java}: a list whose items may hold commas ({@link JvmOptions#parse}). */
        public TypedBuilder<JvmOptions> jvmOptionsType() {
            return new TypedBuilder<>(key, JvmOptions.class);
        }

        public <E extends Enum<E>> TypedBuilder<E> enumType(Class<E> type) {
            return new TypedBuilder<>(key, type);
        }
    }

    /** The second step: a default, or none. */
    public static final class TypedBuilder<T> {
        private final String key;
        private final Class<T> type;

        TypedBuilder(String key, Class<T> type) {
            this.key = key;
            this.type = type;
        }

        public ConfigOption<T> defaultValue(T value) {
            return new ConfigOption<>(key, type, value, "", List.of(), null);
        }

        public ConfigOption<T> noDefaultValue() {
            return new ConfigOption<>(key, type, null, "", List.of(), null);
        }
    }
}
