package dev.spindle.rpc;

import dev.spindle.security.ChallengeResponse;
import dev.spindle.security.ClusterSecret;
import dev.spindle.util.ConnectionLimiter;
import dev.spindle.util.RateLimitedLogger;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's side of {@link ChallengeResponse}: sends HELLO with a fresh nonce, expects one AUTH
 * frame whose proof matches, answers AUTH_OK and hands the channel to the dispatcher. Anything
 * else — a bad proof, magic or version, a malformed or oversize frame, or silence past the
 * handshake timeout — logs one WARN line naming the peer and the reason (rate-limited: any peer
 * can cause them) and closes the channel. Once the peer is authenticated its connection no longer
 * counts against the server's handshake limits. Runs on the channel's event loop.
 */
final class ServerHandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final int AUTH_LENGTH = 1 + 4 + 2 + ChallengeResponse.NONCE_BYTES + ChallengeResponse.PROOF_BYTES;

    private final ClusterSecret secret;
    private final RpcConfig config;
    private final Supplier<ChannelHandler> dispatcher;
    private final RateLimitedLogger refusals;
    private final byte[] serverNonce = ChallengeResponse.newNonce();
    private ScheduledFuture<?> timeout;
    private boolean done;

    ServerHandshakeHandler(ClusterSecret secret, RpcConfig config, Supplier<ChannelHandler> dispatcher,
            RateLimitedLogger refusals) {
        this.secret = secret;
        this.config = config;
        this.dispatcher = dispatcher;
        this.refusals = refusals;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ByteBuf hello = Unpooled.buffer(1 + 4 + 2 + serverNonce.length);
        hello.writeByte(Protocol.HELLO).writeInt(Protocol.MAGIC).writeShort(Protocol.VERSION).writeBytes(serverNonce);
        ctx.writeAndFlush(hello);
        timeout = ctx.executor().schedule(
                () -> refuse(ctx, "no authentication within " + config.handshakeTimeout().toMillis() + " ms"),
                config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
        if (frame.readableBytes() != AUTH_LENGTH || frame.getByte(0) != Protocol.AUTH) {
            refuse(ctx, "expected an AUTH frame of " + AUTH_LENGTH + " bytes, got type " + frame.getByte(0)
                    + " with " + frame.readableBytes() + " bytes");
            return;
        }
        frame.skipBytes(1);
        int magic = frame.readInt();
        short version = frame.readShort();
        if (magic != Protocol.MAGIC) {
            refuse(ctx, "not a Spindle RPC client (bad magic 0x" + Integer.toHexString(magic) + ")");
            return;
        }
        if (version != Protocol.VERSION) {
            refuse(ctx, "protocol version " + version + ", this server speaks " + Protocol.VERSION);
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
        ByteBuf ok = Unpooled.buffer(1 + ChallengeResponse.PROOF_BYTES);
        ok.writeByte(Protocol.AUTH_OK).writeBytes(ChallengeResponse.serverProof(secret, serverNonce, clientNonce));
        ctx.writeAndFlush(ok);
        ConnectionLimiter.release(ctx.channel());
        Pipeline.authenticated(ctx.pipeline(), dispatcher.get(), config.maxFrameBytes());
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
        refusals.warn("Refused RPC connection from {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }
}
