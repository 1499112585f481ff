package dev.spindle.rpc;

/** The frames exchanged after authentication; payloads are already encoded by {@link WireCodec}. */
sealed interface RpcMessage {
    long id();

    record Request(long id, String endpoint, String methodKey, byte[] arguments) implements RpcMessage {}

    record Response(long id, byte[] value) implements RpcMessage {}

    /** {@code message} may be null; {@code causeChain} is empty when there was no cause. */
    record Error(long id, String className, String message, String causeChain) implements RpcMessage {}
}
