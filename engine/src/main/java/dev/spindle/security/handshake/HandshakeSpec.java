package dev.spindle.security.handshake;

import java.time.Duration;
import java.util.Objects;

/**
 * What one protocol's handshake checks besides the secret, and how long it may take. Each
 * protocol has its own magic, so that a client that reached the wrong port (an RPC client on a
 * data port) is told so instead of failing authentication, and its own version, which it raises
 * whenever any of its frames changes.
 *
 * @param connections names the protocol's connections in the server's log lines ("RPC", "data")
 * @param server names the server in the client's errors ("RPC server", "partition server")
 * @param magic the first four bytes of HELLO and AUTH after the frame type
 * @param version the protocol version; peers of different versions refuse each other
 * @param timeout how long a peer has to complete the handshake, from the moment the connection
 *     is open, before it is disconnected
 */
public record HandshakeSpec(String connections, String server, int magic, short version, Duration timeout) {
    public HandshakeSpec {
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the handshake timeout must be positive, was " + timeout);
        }
    }

    public HandshakeSpec withTimeout(Duration newTimeout) {
        return new HandshakeSpec(connections, server, magic, version, newTimeout);
    }

    long timeoutMillis() {
        return Math.max(1, timeout.toMillis());
    }
}
