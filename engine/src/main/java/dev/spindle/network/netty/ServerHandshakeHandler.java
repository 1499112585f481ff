package dev.spindle.network.netty;

import dev.spindle.security.ChallengeResponse;
import dev.spindle.security.ClusterSecret;
import dev.spindle.util.ConnectionLimiter;
import dev.spindle.util.RateLimitedLogger;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The server side of {@link ChallengeResponse}: sends a nonce, checks the client's proof, answers
 * with its own, then removes itself; bytes that arrived behind the proof go on to the frame
 * decoder. Until then nothing reaches the handlers behind it. A wrong proof or a client that
 * takes too long is logged in one line (rate-limited: any peer can cause them) and disconnected.
 * Once the peer is authenticated its connection no longer counts against the server's handshake
 * limits.
 */
final class ServerHandshakeHandler extends ByteToMessageDecoder {
    private static final int CLIENT_BYTES = ChallengeResponse.NONCE_BYTES + ChallengeResponse.PROOF_BYTES;

    private final ClusterSecret secret;
    private final long timeoutMillis;
    private final RateLimitedLogger refusals;
    private final byte[] serverNonce = ChallengeResponse.newNonce();
    private ScheduledFuture<?> timeout;

    ServerHandshakeHandler(ClusterSecret secret, long timeoutMillis, RateLimitedLogger refusals) {
        this.secret = secret;
        this.timeoutMillis = timeoutMillis;
        this.refusals = refusals;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(serverNonce));
        timeout = ctx.executor().schedule(() -> {
            refusals.warn("Data connection from {} refused: no authentication within {} ms", ctx.channel().remoteAddress(),
                    timeoutMillis);
            ctx.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < CLIENT_BYTES) {
            return;
        }
        byte[] clientNonce = new byte[ChallengeResponse.NONCE_BYTES];
        byte[] proof = new byte[ChallengeResponse.PROOF_BYTES];
        in.readBytes(clientNonce).readBytes(proof);
        timeout.cancel(false);
        if (!ChallengeResponse.matches(ChallengeResponse.clientProof(secret, serverNonce, clientNonce), proof)) {
            refusals.warn("Data connection from {} refused: authentication failed", ctx.channel().remoteAddress());
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ChallengeResponse.serverProof(secret, serverNonce, clientNonce)));
        ConnectionLimiter.release(ctx.channel());
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timeout != null) {
            timeout.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
