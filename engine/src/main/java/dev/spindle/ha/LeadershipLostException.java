package dev.spindle.ha;

import java.io.IOException;

/**
 * A write that only the leader may make was refused because this process does not lead (any
 * more): its leadership was revoked, its ZooKeeper session expired, or a newer participant removed
 * its election entry. The caller must stop acting as leader; the data is left as the current
 * leader wrote it.
 */
public class LeadershipLostException extends IOException {
    private static final long serialVersionUID = 1L;

    public LeadershipLostException(String message) {
        super(message);
    }

    public LeadershipLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
