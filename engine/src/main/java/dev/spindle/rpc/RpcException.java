package dev.spindle.rpc;

/** Why an RPC call or connection failed. Futures fail with it (or a subclass); it is never thrown across threads. */
public class RpcException extends Exception {
    public RpcException(String message) {
        super(message);
    }

    public RpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
