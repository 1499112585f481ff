package dev.spindle.api.state;

import java.io.Serializable;

/**
 * The clock of state time-to-live: milliseconds since the epoch, processing time. The default is
 * the system clock; tests set their own through {@link StateTtlConfig.Builder#setTimeProvider} to
 * expire state at exact moments. It travels with the function, so it must be serializable.
 */
@FunctionalInterface
public interface TtlTimeProvider extends Serializable {
    /** The system clock, {@link System#currentTimeMillis()}. */
    TtlTimeProvider SYSTEM = System::currentTimeMillis;

    long currentTimestamp();
}
