package dev.spindle.config;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * What values of an option's type the option accepts, e.g. "at least 1": declared with the option,
 * so that a value is refused, naming the rule, wherever it comes from (the command line, a YAML
 * file, code) and before anything is deployed with it.
 *
 * @param <T> the option's value type
 */
public final class Constraint<T> {
    private final Predicate<? super T> test;
    private final String description;

    private Constraint(Predicate<? super T> test, String description) {
        this.test = Objects.requireNonNull(test, "test");
        this.description = Objects.requireNonNull(description, "description");
    }

    /** A rule of its own; {@code description} completes "expected <type>, ...", e.g. "-1 or at least 1". */
    public static <T> Constraint<T> of(Predicate<? super T> test, String description) {
        return new Constraint<>(test, description);
    }

    public static <C extends Comparable<? super C>> Constraint<C> atLeast(C min) {
        return new Constraint<>(v -> v.compareTo(min) >= 0, "at least " + Configuration.format(min));
    }

    public static <C extends Comparable<? super C>> Constraint<C> between(C min, C max) {
        return new Constraint<>(
                v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0,
                "between " + Configuration.format(min) + " and " + Configuration.format(max));
    }

    public boolean test(T value) {
        return test.test(value);
    }

    /** The rule in words, e.g. "at least 1", "between 0 and 65535". */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
