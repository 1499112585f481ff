package dev.spindle.ha;

import java.util.UUID;

/**
 * What competes in a {@link LeaderElection}: the JobManager process. The election calls these
 * methods from one thread of its own, one at a time and in the order leadership changed, never
 * while it holds a lock a caller could also need; a contender may therefore block briefly in them,
 * but a long task belongs on its own thread.
 */
public interface LeaderContender {

    /**
     * This process leads now, under {@code sessionId}: the fencing token that everything it sends
     * as leader carries. Every grant has a new one. The contender publishes its address with
     * {@link LeaderElection#confirmLeadership} once it is ready to serve.
     */
    void grantLeadership(UUID sessionId);

    /** This process no longer leads: the session id of the last grant is void. */
    void revokeLeadership();

    /** The election cannot go on (for example its ZooKeeper nodes cannot be created). */
    void handleError(Throwable error);
}
