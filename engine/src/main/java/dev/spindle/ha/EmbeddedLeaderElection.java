package dev.spindle.ha;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The election without high availability: the only JobManager leads at once, always under
 * {@link LeaderElection#NO_HA_SESSION_ID}. What it confirms is told to the retrievals of the same
 * process ({@link #retrieval()}); other processes use a {@link FixedLeaderRetrieval}.
 *
 * <p>Grants, revocations and notifications run on one thread of its own, in order.
 */
public final class EmbeddedLeaderElection implements LeaderElection {
    private final ExecutorService events = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "leader-election");
        t.setDaemon(true);
        return t;
    });
    private final List<LeaderRetrievalListener> listeners = new CopyOnWriteArrayList<>();
    private LeaderContender contender; // guarded by this
    private boolean leading; // guarded by this
    private LeaderInformation confirmed; // guarded by this

    @Override
    public synchronized void start(LeaderContender newContender) {
        if (contender != null) {
            throw new IllegalStateException("the election has started already");
        }
        contender = Objects.requireNonNull(newContender, "contender");
        leading = true;
        events.execute(() -> newContender.grantLeadership(NO_HA_SESSION_ID));
    }

    @Override
    public synchronized void confirmLeadership(UUID sessionId, LeaderInformation info) {
        if (leading && NO_HA_SESSION_ID.equals(sessionId)) {
            confirmed = info;
            events.execute(() -> listeners.forEach(l -> l.notifyLeaderAddress(info)));
        }
    }

    @Override
    public synchronized boolean hasLeadership(UUID sessionId) {
        return leading && NO_HA_SESSION_ID.equals(sessionId);
    }

    /** There are no other participants. */
    @Override
    public int removeParticipants(Predicate<String> isStale) {
        return 0;
    }

    /** A retrieval of what this election confirms; notified on the election's thread. */
    public LeaderRetrieval retrieval() {
        return new LeaderRetrieval() {
            private LeaderRetrievalListener listener;

            @Override
            public void start(LeaderRetrievalListener l) {
                synchronized (EmbeddedLeaderElection.this) {
                    listener = Objects.requireNonNull(l, "listener");
                    listeners.add(l);
                    LeaderInformation current = confirmed;
                    if (current != null) {
                        events.execute(() -> l.notifyLeaderAddress(current));
                    }
                }
            }

            @Override
            public void close() {
                listeners.remove(listener);
            }
        };
    }

    @Override
    public void close() {
        synchronized (this) {
            if (leading && contender != null) {
                LeaderContender c = contender;
                events.execute(c::revokeLeadership);
            }
            leading = false;
            confirmed = null;
        }
        events.shutdown();
    }
}
