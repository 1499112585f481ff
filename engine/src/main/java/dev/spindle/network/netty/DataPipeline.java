package dev.spindle.network.netty;

import dev.spindle.security.handshake.Handshake;
import dev.spindle.security.handshake.HandshakeSpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;

/**
 * Builds the handler pipeline of a data connection, one handler per concern, inbound top to
 * bottom:
 *
 * <pre>
 *   "frames"     FrameDecoder             4-byte length; a length over maxFrame (before
 *                                         authentication: over 256) is a protocol error → close
 *   "handshake"  Server-/ClientHandshake  until authenticated; then removed, and ↓ added
 *   "encoder"    NettyMessage.Encoder     outbound: NettyMessage → frame (it writes the length)
 *   "decoder"    NettyMessage.Decoder     frame → NettyMessage
 *   "dispatch"   PartitionRequestHandler  (server side) requests, credit, cancel → buffers, errors
 *                PartitionConnection      (client side) buffers, errors → RemoteInputChannels
 * </pre>
 *
 * "frames" and "handshake" are the shared {@link Handshake}'s, as on an RPC connection; the
 * data plane's own handlers are added once the peer is authenticated, so that nothing reaches
 * them before.
 */
final class DataPipeline {
    static final String FRAMES = Handshake.FRAMES;
    static final String HANDSHAKE = Handshake.HANDSHAKE;
    static final String ENCODER = "encoder";
    static final String DECODER = "decoder";
    static final String DISPATCH = "dispatch";

    private DataPipeline() {}

    /** The handshake of a data connection, with {@code timeout}. */
    static HandshakeSpec handshake(Duration timeout) {
        return new HandshakeSpec("data", "partition server", NettyMessage.MAGIC, NettyMessage.VERSION, timeout);
    }

    /** Sets up a fresh channel: framing with frames of up to {@code maxFrame} bytes, plus the handshake. */
    static void init(Channel channel, ChannelHandler handshake, int maxFrame) {
        Handshake.init(channel, handshake, maxFrame);
    }

    /** Called by the handshake once the peer is authenticated (it has removed itself). */
    static void authenticated(ChannelPipeline pipeline, NettyMessage.Encoder encoder, ChannelHandler dispatch) {
        pipeline.addAfter(FRAMES, ENCODER, encoder)
                .addAfter(ENCODER, DECODER, new NettyMessage.Decoder())
                .addAfter(DECODER, DISPATCH, dispatch);
    }
}
