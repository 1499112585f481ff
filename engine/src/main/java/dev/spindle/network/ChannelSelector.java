package dev.spindle.network;

import dev.spindle.api.functions.KeySelector;
import dev.spindle.types.KeyHashing;

/** Picks the subpartition of a record: implements the partitioning of an edge. */
public interface ChannelSelector<T> {
    /** Returned by {@link #select} to send a record to every subpartition. */
    int ALL = -1;

    int select(T record) throws Exception;

    /** Everything to subpartition 0 (forward edges have one subpartition per producer). */
    static <T> ChannelSelector<T> forward() {
        return r -> 0;
    }

    static <T> ChannelSelector<T> broadcast() {
        return r -> ALL;
    }

    /** Round robin; producers start at different channels so that small inputs spread too. */
    static <T> ChannelSelector<T> rebalance(int channels, int producerIndex) {
        return new ChannelSelector<>() {
            private int next = producerIndex % channels;

            @Override
            public int select(T record) {
                int c = next;
                next = c + 1 == channels ? 0 : c + 1;
                return c;
            }
        };
    }

    /** By the record's key group, so one key always reaches one consumer. */
    static <T> ChannelSelector<T> hash(KeySelector<T, ?> keySelector, int maxParallelism, int channels) {
        return r -> KeyHashing.operatorIndexForKeyGroup(
                maxParallelism, channels, KeyHashing.keyGroupFor(keySelector.getKey(r), maxParallelism));
    }
}
