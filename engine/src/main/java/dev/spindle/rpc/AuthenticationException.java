package dev.spindle.rpc;

/**
 * The challenge–response handshake failed: the peer does not hold the cluster secret, does not
 * speak this protocol, or did not finish in time.
 */
public final class AuthenticationException extends RpcConnectionException {
    public AuthenticationException(String message) {
        super(message);
    }
}
