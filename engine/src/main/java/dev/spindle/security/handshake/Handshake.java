package dev.spindle.security.handshake;

import dev.spindle.security.ChallengeResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.util.function.Consumer;

/**
 * The authenticated handshake that opens every RPC and data connection: the
 * {@link ChallengeResponse} with the cluster secret, the protocol's magic and version
 * ({@link HandshakeSpec}), a cap on frame sizes until the peer is authenticated, and a timeout.
 * Every frame is a 4-byte big-endian length followed by that many bytes, the first of which is
 * the frame type:
 *
 * <pre>
 * HELLO    server → client  type, magic:int, version:short, serverNonce[32]
 * AUTH     client → server  type, magic:int, version:short, clientNonce[32], clientProof[32]
 * AUTH_OK  server → client  type, serverProof[32]
 * --- then the protocol's own frames, in the same framing ---
 * </pre>
 *
 * A protocol's pipeline starts as {@link #init} leaves it, inbound top to bottom:
 *
 * <pre>
 *   "frames"     FrameDecoder                  length-prefixed frames; before authentication at
 *                                              most {@value #MAX_FRAME_BYTES_BEFORE_AUTH} bytes
 *   "handshake"  ServerHandshake / ClientHandshake
 * </pre>
 *
 * Once the peer is authenticated the handshake handler removes itself, lifts the frame cap to the
 * protocol's own and lets the protocol add its handlers behind "frames" (its codec and
 * dispatcher), so that until then no frame can reach them: they do not exist yet.
 */
public final class Handshake {
    public static final String FRAMES = "frames";
    public static final String HANDSHAKE = "handshake";

    public static final byte HELLO = 1;
    public static final byte AUTH = 2;
    public static final byte AUTH_OK = 3;

    /** HELLO, AUTH and AUTH_OK are each under 100 bytes. */
    public static final int MAX_FRAME_BYTES_BEFORE_AUTH = 256;

    static final int HELLO_BYTES = 1 + 4 + 2 + ChallengeResponse.NONCE_BYTES;
    static final int AUTH_BYTES = 1 + 4 + 2 + ChallengeResponse.NONCE_BYTES + ChallengeResponse.PROOF_BYTES;
    static final int AUTH_OK_BYTES = 1 + ChallengeResponse.PROOF_BYTES;

    private Handshake() {}

    /**
     * Sets up a fresh channel: framing (frames of up to {@code maxFrameBytes} once authenticated)
     * and {@code handshake}, a {@link ServerHandshake} or {@link ClientHandshake}.
     */
    public static void init(Channel channel, ChannelHandler handshake, int maxFrameBytes) {
        channel.pipeline().addLast(FRAMES, new FrameDecoder(maxFrameBytes)).addLast(HANDSHAKE, handshake);
    }

    /** A frame of {@code bodyBytes} with its length already written, for the handshake's own frames. */
    static ByteBuf frame(int bodyBytes, byte type) {
        return Unpooled.buffer(4 + bodyBytes).writeInt(bodyBytes).writeByte(type);
    }

    /**
     * Why the peer's {@code magic} and {@code version} are not {@code spec}'s, as a phrase whose
     * subject is the peer ("speaks protocol version 2, this client speaks 1"), or null if they are.
     *
     * @param self "client" or "server": this side
     */
    static String mismatch(HandshakeSpec spec, int magic, short version, String self) {
        if (magic != spec.magic()) {
            return String.format(
                    "does not speak the Spindle %s protocol (magic 0x%08x, expected 0x%08x)",
                    spec.connections(), magic, spec.magic());
        }
        if (version != spec.version()) {
            return "speaks protocol version " + version + ", this " + self + " speaks " + spec.version();
        }
        return null;
    }

    /** Hands the channel to the protocol: lifts the frame cap, removes the handshake, adds the protocol's handlers. */
    static void authenticated(ChannelHandlerContext handshake, Consumer<ChannelPipeline> protocol) {
        ChannelPipeline pipeline = handshake.pipeline();
        ((FrameDecoder) pipeline.get(FRAMES)).authenticated();
        pipeline.remove(handshake.handler());
        protocol.accept(pipeline);
    }
}
