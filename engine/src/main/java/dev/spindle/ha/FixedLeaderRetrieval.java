package dev.spindle.ha;

import java.util.Objects;

/**
 * The leader retrieval without high availability: the leader is at an address known in advance
 * (given on the command line or by the process that started this one) and never changes.
 */
public final class FixedLeaderRetrieval implements LeaderRetrieval {
    private final LeaderInformation leader;

    public FixedLeaderRetrieval(LeaderInformation leader) {
        this.leader = Objects.requireNonNull(leader, "leader");
    }

    /** Tells {@code listener} the fixed leader, on the caller's thread. */
    @Override
    public void start(LeaderRetrievalListener listener) {
        listener.notifyLeaderAddress(leader);
    }

    @Override
    public void close() {}
}
