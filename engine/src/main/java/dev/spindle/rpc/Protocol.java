package dev.spindle.rpc;

import dev.spindle.security.handshake.Handshake;
import dev.spindle.security.handshake.HandshakeSpec;

/**
 * Constants of the wire protocol. Every frame is a 4-byte big-endian length followed by that many
 * bytes, the first of which is the frame type. A connection opens with the shared
 * {@link Handshake} (HELLO, AUTH, AUTH_OK) under this protocol's magic and version.
 *
 * <pre>
 * HELLO    server → client  type, magic:int, version:short, serverNonce[32]
 * AUTH     client → server  type, magic:int, version:short, clientNonce[32], clientProof[32]
 * AUTH_OK  server → client  type, serverProof[32]
 * --- only after AUTH_OK ---
 * REQUEST  client → server  type, id:varlong, endpoint:string, methodKey:string, arguments…
 * RESPONSE server → client  type, id:varlong, value…
 * ERROR    server → client  type, id:varlong, className:string, hasMessage:bool, message:string?, causeChain:string
 * </pre>
 * Strings are var-int length plus UTF-8; values are encoded by {@link WireCodec}. A change to
 * any frame raises {@link #VERSION}; peers of different versions refuse each other.
 */
final class Protocol {
    /** "SPND". */
    static final int MAGIC = 0x53504E44;

    static final short VERSION = 1;

    static final byte HELLO = Handshake.HELLO;
    static final byte AUTH = Handshake.AUTH;
    static final byte AUTH_OK = Handshake.AUTH_OK;
    static final byte REQUEST = 10;
    static final byte RESPONSE = 11;
    static final byte ERROR = 12;

    private Protocol() {}

    /** The handshake of an RPC connection with {@code config}'s timeout. */
    static HandshakeSpec handshake(RpcConfig config) {
        return new HandshakeSpec("RPC", "RPC server", MAGIC, VERSION, config.handshakeTimeout());
    }
}
