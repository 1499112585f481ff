package dev.spindle.api.state;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Time-to-live of keyed state, as in Flink: an entry (a value, a list element, a map entry)
 * expires {@link #getTtl() ttl} after it was last written (or also read, with
 * {@link UpdateType#OnReadAndWrite}). Expired entries are removed when they are accessed and, with
 * {@link Builder#cleanupFullSnapshot()}, left out of checkpoints. Time is processing time from
 * the {@link TtlTimeProvider}. Enable it on a descriptor before the state is asked for:
 *
 * <pre>{@code
 * StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofHours(1)).cleanupFullSnapshot().build();
 * ValueStateDescriptor<Long> last = new ValueStateDescriptor<>("last", Types.LONG);
 * last.enableTimeToLive(ttl);
 * }</pre>
 */
public final class StateTtlConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** When an entry's timestamp (the start of its time to live) is set. */
    public enum UpdateType {
        /** When the entry is created and whenever it is written. */
        OnCreateAndWrite,
        /** Also whenever it is read. */
        OnReadAndWrite
    }

    /** Whether a read may return an entry that has expired but was not removed yet. */
    public enum StateVisibility {
        /** An expired entry is returned once, by the read that removes it. */
        ReturnExpiredIfNotCleanedUp,
        /** Expired entries are never returned. */
        NeverReturnExpired
    }

    private final Duration ttl;
    private final UpdateType updateType;
    private final StateVisibility stateVisibility;
    private final boolean cleanupFullSnapshot;
    private final TtlTimeProvider timeProvider;

    private StateTtlConfig(Builder builder) {
        this.ttl = builder.ttl;
        this.updateType = builder.updateType;
        this.stateVisibility = builder.stateVisibility;
        this.cleanupFullSnapshot = builder.cleanupFullSnapshot;
        this.timeProvider = builder.timeProvider;
    }

    /** A builder for entries that live {@code ttl} (at least one millisecond). */
    public static Builder newBuilder(Duration ttl) {
        return new Builder(ttl);
    }

    public Duration getTtl() {
        return ttl;
    }

    public UpdateType getUpdateType() {
        return updateType;
    }

    public StateVisibility getStateVisibility() {
        return stateVisibility;
    }

    /** Whether checkpoints leave out the entries that have expired when they are taken. */
    public boolean isCleanupInFullSnapshot() {
        return cleanupFullSnapshot;
    }

    public TtlTimeProvider getTimeProvider() {
        return timeProvider;
    }

    @Override
    public String toString() {
        return "StateTtlConfig{ttl=" + ttl + ", updateType=" + updateType + ", stateVisibility=" + stateVisibility
                + ", cleanupFullSnapshot=" + cleanupFullSnapshot + "}";
    }

    /** Builds a {@link StateTtlConfig}; defaults: OnCreateAndWrite, NeverReturnExpired, no snapshot cleanup. */
    public static final class Builder {
        private Duration ttl;
        private UpdateType updateType = UpdateType.OnCreateAndWrite;
        private StateVisibility stateVisibility = StateVisibility.NeverReturnExpired;
        private boolean cleanupFullSnapshot;
        private TtlTimeProvider timeProvider = TtlTimeProvider.SYSTEM;

        private Builder(Duration ttl) {
            setTtl(ttl);
        }

        public Builder setTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.toMillis() < 1) {
                throw new IllegalArgumentException("the time-to-live of state must be at least 1 ms, not " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        public Builder setUpdateType(UpdateType updateType) {
            this.updateType = Objects.requireNonNull(updateType, "updateType");
            return this;
        }

        public Builder updateTtlOnCreateAndWrite() {
            return setUpdateType(UpdateType.OnCreateAndWrite);
        }

        public Builder updateTtlOnReadAndWrite() {
            return setUpdateType(UpdateType.OnReadAndWrite);
        }

        public Builder setStateVisibility(StateVisibility stateVisibility) {
            this.stateVisibility = Objects.requireNonNull(stateVisibility, "stateVisibility");
            return this;
        }

        public Builder neverReturnExpired() {
            return setStateVisibility(StateVisibility.NeverReturnExpired);
        }

        public Builder returnExpiredIfNotCleanedUp() {
            return setStateVisibility(StateVisibility.ReturnExpiredIfNotCleanedUp);
        }

        /** Leaves the entries that have expired when a checkpoint is taken out of it. */
        public Builder cleanupFullSnapshot() {
            this.cleanupFullSnapshot = true;
            return this;
        }

        /** The clock that decides expiry; for tests. Default: {@link TtlTimeProvider#SYSTEM}. */
        public Builder setTimeProvider(TtlTimeProvider timeProvider) {
            this.timeProvider = Objects.requireNonNull(timeProvider, "timeProvider");
            return this;
        }

        public StateTtlConfig build() {
            return new StateTtlConfig(this);
        }
    }
}
