package dev.spindle.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteOrder;

/**
 * Builds the handler pipeline of an RPC channel, one handler per concern:
 *
 * <pre>
 *                    socket
 *        inbound bytes  │  ▲  outbound bytes
 *                       ▼  │
 *   ┌───────────────────────┐ ┌───────────────────────┐
 *   │ "frames"              │ │ "prepender"           │  4-byte length; a length over
 *   │ FrameDecoder          │ │ LengthFieldPrepender  │  maxFrameBytes (before authentication:
 *   │                       │ │                       │  over 256) is a protocol error → close
 *   └──────────┬────────────┘ └───────────▲───────────┘
 *              ▼  frame                   │  frame
 *   ┌───────────────────────────────────────────────┐
 *   │ "handshake"  Server-/ClientHandshakeHandler    │  until authenticated; then replaced by ↓
 *   ├───────────────────────────────────────────────┤
 *   │ "codec"      MessageCodec                      │  frame ↔ RpcMessage
 *   └──────────┬──────────────────────▲─────────────┘
 *              ▼  RpcMessage          │  RpcMessage
 *   ┌───────────────────────────────────────────────┐
 *   │ "dispatch"   ServerDispatcher (server side):   │  Request → endpoint executor → Response/Error
 *   │              RpcConnection (client side):      │  Response/Error → pending call's future
 *   └───────────────────────────────────────────────┘
 * </pre>
 *
 * Until the handshake handler has verified the peer's proof, no frame reaches the codec or the
 * dispatcher: the "codec" and "dispatch" handlers do not exist yet, so nothing can be dispatched
 * on an unauthenticated connection.
 */
final class Pipeline {
    static final String FRAMES = "frames";
    static final String PREPENDER = "prepender";
    static final String HANDSHAKE = "handshake";
    static final String CODEC = "codec";
    static final String DISPATCH = "dispatch";

    private Pipeline() {
    }

    /** Sets up a fresh channel: framing plus the handshake. */
    static void init(Channel channel, ChannelHandler handshake, int maxFrameBytes) {
        channel.pipeline()
                .addLast(FRAMES, new FrameDecoder(maxFrameBytes))
                .addLast(PREPENDER, new LengthFieldPrepender(4))
                .addLast(HANDSHAKE, handshake);
    }

    /** Called by the handshake handler once the peer is authenticated; removes it. */
    static void authenticated(ChannelPipeline pipeline, ChannelHandler dispatch, int maxFrameBytes) {
        ((FrameDecoder) pipeline.get(FRAMES)).authenticated = true;
        pipeline.replace(HANDSHAKE, CODEC, new MessageCodec(maxFrameBytes));
        pipeline.addLast(DISPATCH, dispatch);
    }

    /**
     * Cuts frames of up to {@code maxFrameBytes}, but only handshake-sized ones until the peer is
     * authenticated: otherwise anyone who can connect could make the process buffer a frame of
     * the full size (64 MB by default) per connection, and hold it until the handshake timeout.
     * Event loop only.
     */
    static final class FrameDecoder extends LengthFieldBasedFrameDecoder {
        /** HELLO, AUTH and AUTH_OK are each under 100 bytes. */
        static final int MAX_HANDSHAKE_FRAME_BYTES = 256;
        private boolean authenticated;

        FrameDecoder(int maxFrameBytes) {
            // The limit counts the 4 length bytes too; they are stripped before the handshake sees the frame.
            super(maxFrameBytes + 4, 0, 4, 0, 4, true);
        }

        @Override
        protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
            long frameBytes = super.getUnadjustedFrameLength(buf, offset, length, order);
            if (!authenticated && frameBytes > MAX_HANDSHAKE_FRAME_BYTES) {
                buf.skipBytes(buf.readableBytes()); // the connection is refused: nothing more to decode in it
                throw new TooLongFrameException("a frame of " + frameBytes + " bytes before authentication (at most "
                        + MAX_HANDSHAKE_FRAME_BYTES + ")");
            }
            return frameBytes;
        }
    }
}
