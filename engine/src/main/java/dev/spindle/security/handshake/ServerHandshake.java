package dev.spindle.security.handshake;

import dev.spindle.security.ChallengeResponse;
import dev.spindle.security.ClusterSecret;
import dev.spindle.util.ConnectionLimiter;
import dev.spindle.util.RateLimitedLogger;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's side of the {@link Handshake}: sends HELLO with a fresh nonce, expects one AUTH
 * frame of its protocol's magic and version whose proof matches, answers AUTH_OK and hands the
 * channel to the protocol. Anything else — a bad proof, magic or version, a malformed or oversize
 * frame, or silence past the handshake timeout — logs one WARN line naming the peer and the reason
 * (rate-limited: any peer can cause them) and closes the channel. Once the peer is authenticated
 * its connection no longer counts against the server's handshake limits ({@link ConnectionLimiter}).
 * Runs on the channel's event loop.
 */
public final class ServerHandshake extends ChannelInboundHandlerAdapter {
    private final ClusterSecret secret;
    private final HandshakeSpec spec;
    private final RateLimitedLogger refusals;
    private final Consumer<ChannelPipeline> protocol;
    private final byte[] serverNonce = ChallengeResponse.newNonce();
    private ScheduledFuture<?> timeout;
    private boolean done;

    /**
     * @param refusals the server's logger for refused connections (one per server)
     * @param protocol adds the protocol's handlers once the client is authenticated
     */
    public ServerHandshake(
            ClusterSecret secret, HandshakeSpec spec, RateLimitedLogger refusals, Consumer<ChannelPipeline> protocol) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Handshake.frame(Handshake.HELLO_BYTES, Handshake.HELLO)
                .writeInt(spec.magic())
                .writeShort(spec.version())
                .writeBytes(serverNonce));
        timeout = ctx.executor()
                .schedule(
                        () -> refuse(ctx, "no authentication within " + spec.timeoutMillis() + " ms"),
                        spec.timeoutMillis(),
                        TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!done) {
                verify(ctx, (ByteBuf) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void verify(ChannelHandlerContext ctx, ByteBuf frame) {
        if (frame.readableBytes() != Handshake.AUTH_BYTES || frame.getByte(0) != Handshake.AUTH) {
            refuse(
                    ctx,
                    "expected an AUTH frame of " + Handshake.AUTH_BYTES + " bytes, got type "
                            + (frame.isReadable() ? frame.getByte(0) : "none") + " with " + frame.readableBytes()
                            + " bytes");
            return;
        }
        frame.skipBytes(1);
        String mismatch = Handshake.mismatch(spec, frame.readInt(), frame.readShort(), "server");
        if (mismatch != null) {
            refuse(ctx, "the client " + mismatch);
            return;
        }
        byte[] clientNonce = new byte[ChallengeResponse.NONCE_BYTES];
        byte[] proof = new byte[ChallengeResponse.PROOF_BYTES];
        frame.readBytes(clientNonce).readBytes(proof);
        if (!ChallengeResponse.matches(ChallengeResponse.clientProof(secret, serverNonce, clientNonce), proof)) {
            refuse(ctx, "wrong proof of the cluster secret");
            return;
        }
        done = true;
        timeout.cancel(false);
        ctx.writeAndFlush(Handshake.frame(Handshake.AUTH_OK_BYTES, Handshake.AUTH_OK)
                .writeBytes(ChallengeResponse.serverProof(secret, serverNonce, clientNonce)));
        ConnectionLimiter.release(ctx.channel());
        Handshake.authenticated(ctx, protocol);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        refuse(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        if (done) {
            return;
        }
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        refusals.warn(
                "Refused {} connection from {}: {}",
                spec.connections(),
                ctx.channel().remoteAddress(),
                reason);
        ctx.close();
    }
}
