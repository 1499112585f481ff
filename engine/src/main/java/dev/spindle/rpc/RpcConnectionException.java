package dev.spindle.rpc;

/** The connection to a remote address could not be opened, or closed while a call waited on it. */
public class RpcConnectionException extends RpcException {
    public RpcConnectionException(String message) {
        super(message);
    }

    public RpcConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
