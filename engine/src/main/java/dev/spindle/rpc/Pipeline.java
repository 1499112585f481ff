package dev.spindle.rpc;

import dev.spindle.security.handshake.Handshake;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
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
 *   │ FrameDecoder          │ │ LengthFieldPrepender  │  maxFrameBytes (before authentication:
 *   │                       │ │                       │  over 256) is a protocol error → close
 *   └──────────┬────────────┘ └───────────▲───────────┘
 *              ▼  frame                   │  frame
 *   ┌───────────────────────────────────────────────┐
 *   │ "handshake"  Server-/ClientHandshake           │  until authenticated; then removed, and ↓ added
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
 * "frames" and "handshake" are the shared {@link Handshake}'s, which writes its own frames;
 * "prepender", "codec" and "dispatch" are added once the peer is authenticated, so no frame can
 * reach the codec or the dispatcher before: they do not exist yet.
 */
final class Pipeline {
    static final String FRAMES = Handshake.FRAMES;
    static final String PREPENDER = "prepender";
    static final String HANDSHAKE = Handshake.HANDSHAKE;
    static final String CODEC = "codec";
    static final String DISPATCH = "dispatch";

    private Pipeline() {}

    /** Sets up a fresh channel: framing plus the handshake. */
    static void init(Channel channel, ChannelHandler handshake, int maxFrameBytes) {
        Handshake.init(channel, handshake, maxFrameBytes);
    }

    /** Called by the handshake once the peer is authenticated (it has removed itself). */
    static void authenticated(ChannelPipeline pipeline, ChannelHandler dispatch, int maxFrameBytes) {
        pipeline.addAfter(FRAMES, PREPENDER, new LengthFieldPrepender(4))
                .addAfter(PREPENDER, CODEC, new MessageCodec(maxFrameBytes))
                .addAfter(CODEC, DISPATCH, dispatch);
    }
}
