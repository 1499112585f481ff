package dev.spindle.rpc;

import dev.spindle.security.ChallengeResponse;
import dev.spindle.security.ClusterSecret;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client's side of {@link ChallengeResponse}: answers HELLO with a nonce and proof, then checks
 * the server's proof in AUTH_OK, so that no call goes to a server without the secret. Completes
 * {@code authenticated} with the connection, or fails it with an {@link AuthenticationException}
 * and closes the channel. Runs on the channel's event loop.
 */
final class ClientHandshakeHandler extends ChannelInboundHandlerAdapter {
    private final ClusterSecret secret;
    private final RpcConfig config;
    private final RpcConnection connection;
    private final CompletableFuture<RpcConnection> authenticated;
    private byte[] serverNonce;
    private byte[] clientNonce;
    private ScheduledFuture<?> timeout;

    ClientHandshakeHandler(ClusterSecret secret, RpcConfig config, RpcConnection connection,
            CompletableFuture<RpcConnection> authenticated) {
        this.secret = secret;
        this.config = config;
        this.connection = connection;
        this.authenticated = authenticated;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(
                () -> fail(ctx, "did not complete authentication within " + config.handshakeTimeout().toMillis() + " ms"),
                config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!authenticated.isDone()) {
                handle(ctx, (ByteBuf) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handle(ChannelHandlerContext ctx, ByteBuf frame) {
        if (serverNonce == null) {
            if (frame.readableBytes() != 1 + 4 + 2 + ChallengeResponse.NONCE_BYTES || frame.readByte() != Protocol.HELLO
                    || frame.readInt() != Protocol.MAGIC) {
                fail(ctx, "is not a Spindle RPC server");
                return;
            }
            short version = frame.readShort();
            if (version != Protocol.VERSION) {
                fail(ctx, "speaks protocol version " + version + ", this client " + Protocol.VERSION);
                return;
            }
            serverNonce = new byte[ChallengeResponse.NONCE_BYTES];
            frame.readBytes(serverNonce);
            clientNonce = ChallengeResponse.newNonce();
            ByteBuf auth = Unpooled.buffer(1 + 4 + 2 + 2 * ChallengeResponse.NONCE_BYTES);
            auth.writeByte(Protocol.AUTH).writeInt(Protocol.MAGIC).writeShort(Protocol.VERSION)
                    .writeBytes(clientNonce).writeBytes(ChallengeResponse.clientProof(secret, serverNonce, clientNonce));
            ctx.writeAndFlush(auth);
            return;
        }
        byte[] proof = new byte[ChallengeResponse.PROOF_BYTES];
        if (frame.readableBytes() != 1 + proof.length || frame.readByte() != Protocol.AUTH_OK) {
            fail(ctx, "sent a malformed AUTH_OK frame");
            return;
        }
        frame.readBytes(proof);
        if (!ChallengeResponse.matches(ChallengeResponse.serverProof(secret, serverNonce, clientNonce), proof)) {
            fail(ctx, "did not prove that it holds the cluster secret");
            return;
        }
        timeout.cancel(false);
        Pipeline.authenticated(ctx.pipeline(), connection, config.maxFrameBytes());
        authenticated.complete(connection);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, "broke the protocol: " + cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // A server refuses a wrong proof by closing, without saying why.
        fail(ctx, "closed the connection during authentication (does it hold the same cluster secret?)");
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (authenticated.completeExceptionally(
                new AuthenticationException("RPC server " + connection.address() + " " + reason))) {
            ctx.close();
        }
    }
}
