package dev.spindle.resource;

import java.util.Objects;

/** Names a worker for as long as the cluster runs (a process id locally, a container id on YARN). */
public record WorkerId(String value) {
    public WorkerId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 256) {
            throw new IllegalArgumentException("a worker id is 1 to 256 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
