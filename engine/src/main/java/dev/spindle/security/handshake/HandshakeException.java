package dev.spindle.security.handshake;

import java.io.IOException;

/**
 * The client's handshake failed: the server does not hold the cluster secret, does not speak the
 * protocol (magic or version), or did not finish in time. The message names the server and why.
 */
public final class HandshakeException extends IOException {
    public HandshakeException(String message) {
        super(message);
    }
}
