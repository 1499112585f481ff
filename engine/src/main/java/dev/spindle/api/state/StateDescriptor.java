package dev.spindle.api.state;

import java.io.Serializable;
import java.util.Objects;

/**
 * What all keyed state descriptors share: the state's name, unique within its operator (the same
 * name is the same state, and keeps its kind across restores), and its optional time-to-live.
 */
public abstract class StateDescriptor implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private StateTtlConfig ttlConfig;

    StateDescriptor(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("state name must not be blank");
        }
        this.name = name;
    }

    public final String name() {
        return name;
    }

    /**
     * Lets the entries of this state expire ({@link StateTtlConfig}); before the state is asked
     * for. A state written without time-to-live can be restored with it and the other way round:
     * entries restored without a timestamp get the time of the restore.
     */
    public final void enableTimeToLive(StateTtlConfig ttlConfig) {
        this.ttlConfig = Objects.requireNonNull(ttlConfig, "ttlConfig");
    }

    /** The time-to-live of this state, or null when its entries never expire. */
    public final StateTtlConfig ttlConfig() {
        return ttlConfig;
    }
}
