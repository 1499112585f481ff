package dev.spindle.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * Builds the handler pipeline of an RPC channel, one handler per concern:
 *
 * <pre>
 *                    socket
 *        inbound bytes  │  ▲  outbound bytes
 *                       ▼  │
 *   ┌───────────────────────┐ ┌───────────────────────┐
 *   │ "frames"              │ │ "prepender"           │  4-byte length; a length over
 *   │ LengthFieldBased-     │ │ LengthFieldPrepender  │  maxFrameBytes or below 0 is a
 *   │ FrameDecoder          │ │                       │  protocol error → close
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
 *   │              ClientConnection (client side):   │  Response/Error → pending call's future
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
                // The limit counts the 4 length bytes too; stripped before the handshake sees the frame.
                .addLast(FRAMES, new LengthFieldBasedFrameDecoder(maxFrameBytes + 4, 0, 4, 0, 4, true))
                .addLast(PREPENDER, new LengthFieldPrepender(4))
                .addLast(HANDSHAKE, handshake);
    }

    /** Called by the handshake handler once the peer is authenticated; removes it. */
    static void authenticated(ChannelPipeline pipeline, ChannelHandler dispatch, int maxFrameBytes) {
        pipeline.replace(HANDSHAKE, CODEC, new MessageCodec(maxFrameBytes));
        pipeline.addLast(DISPATCH, dispatch);
    }
}
