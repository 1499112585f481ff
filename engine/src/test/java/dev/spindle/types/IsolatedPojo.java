package dev.spindle.types;

import java.io.Serializable;
import java.util.Objects;

/**
 * A Serializable class without a dedicated serializer, for the Java-serialization fallback. It
 * refers only to JDK classes, so tests can load it again in an isolated "user" class loader.
 */
public final class IsolatedPojo implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int[] numbers;

    public IsolatedPojo(String name, int[] numbers) {
        this.name = name;
        this.numbers = numbers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IsolatedPojo other
                && name.equals(other.name)
                && java.util.Arrays.equals(numbers, other.numbers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, java.util.Arrays.hashCode(numbers));
    }
}
