package dev.spindle.network;

/** Told when a queue that was empty has data again. Called on the producer's thread. */
@FunctionalInterface
public interface AvailabilityListener {
    void notifyDataAvailable();
}
