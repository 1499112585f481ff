package dev.spindle.graph;

import dev.spindle.api.functions.KeySelector;
import java.util.Objects;

/**
 * How records of an edge are distributed over the parallel consumers.
 *
 * @param kind the distribution
 * @param keySelector for {@link Kind#HASH} only: extracts the key whose key group picks the consumer
 */
public record Partitioning(Kind kind, KeySelector<?, ?> keySelector) {

    /** The distributions an edge can have. */
    public enum Kind {
        /** Producer i sends to consumer i; both sides have the same parallelism. Chains where it can. */
        FORWARD,
        /** By the key's key group, so that one key always reaches the same consumer. */
        HASH,
        /** Round robin over all consumers. */
        REBALANCE,
        /** Every record to every consumer. */
        BROADCAST
    }

    public Partitioning {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.HASH) != (keySelector != null)) {
            throw new IllegalArgumentException("a key selector goes with HASH partitioning, and only with it");
        }
    }

    public static Partitioning of(Kind kind) {
        return new Partitioning(kind, null);
    }

    public static Partitioning hash(KeySelector<?, ?> keySelector) {
        return new Partitioning(Kind.HASH, Objects.requireNonNull(keySelector, "keySelector"));
    }
}
