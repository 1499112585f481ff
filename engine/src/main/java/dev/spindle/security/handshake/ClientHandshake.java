package dev.spindle.security.handshake;

import dev.spindle.security.ChallengeResponse;
import dev.spindle.security.ClusterSecret;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client's side of the {@link Handshake}: checks that HELLO is of its protocol's magic and
 * version, answers with a nonce and proof, then checks the server's proof in AUTH_OK, so that
 * nothing is sent to a server without the secret. {@link #done()} completes (on the event loop)
 * once the server is authenticated and the protocol's handlers are in place, or fails with a
 * {@link HandshakeException} naming the server and the reason, and the channel is closed.
 */
public final class ClientHandshake extends ChannelInboundHandlerAdapter {
    private final ClusterSecret secret;
    private final HandshakeSpec spec;
    private final SocketAddress server;
    private final Consumer<ChannelPipeline> protocol;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private byte[] serverNonce;
    private byte[] clientNonce;
    private ScheduledFuture<?> timeout;

    /**
     * @param server the server's address, for messages
     * @param protocol adds the protocol's handlers once the server is authenticated
     */
    public ClientHandshake(
            ClusterSecret secret, HandshakeSpec spec, SocketAddress server, Consumer<ChannelPipeline> protocol) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.server = Objects.requireNonNull(server, "server");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    public CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor()
                .schedule(
                        () -> fail(ctx, "did not complete authentication within " + spec.timeoutMillis() + " ms"),
                        spec.timeoutMillis(),
                        TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!done.isDone()) {
                handle(ctx, (ByteBuf) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void handle(ChannelHandlerContext ctx, ByteBuf frame) {
        if (serverNonce == null) {
            answerHello(ctx, frame);
            return;
        }
        byte[] proof = new byte[ChallengeResponse.PROOF_BYTES];
        if (frame.readableBytes() != Handshake.AUTH_OK_BYTES || frame.readByte() != Handshake.AUTH_OK) {
            fail(ctx, "sent a malformed AUTH_OK frame");
            return;
        }
        frame.readBytes(proof);
        if (!ChallengeResponse.matches(ChallengeResponse.serverProof(secret, serverNonce, clientNonce), proof)) {
            fail(ctx, "did not prove that it holds the cluster secret");
            return;
        }
        timeout.cancel(false);
        Handshake.authenticated(ctx, protocol);
        done.complete(null);
    }

    private void answerHello(ChannelHandlerContext ctx, ByteBuf frame) {
        if (frame.readableBytes() != Handshake.HELLO_BYTES || frame.readByte() != Handshake.HELLO) {
            fail(ctx, "did not greet with a HELLO frame (is it a Spindle " + spec.connections() + " port?)");
            return;
        }
        String mismatch = Handshake.mismatch(spec, frame.readInt(), frame.readShort(), "client");
        if (mismatch != null) {
            fail(ctx, mismatch);
            return;
        }
        serverNonce = new byte[ChallengeResponse.NONCE_BYTES];
        frame.readBytes(serverNonce);
        clientNonce = ChallengeResponse.newNonce();
        ctx.writeAndFlush(Handshake.frame(Handshake.AUTH_BYTES, Handshake.AUTH)
                .writeInt(spec.magic())
                .writeShort(spec.version())
                .writeBytes(clientNonce)
                .writeBytes(ChallengeResponse.clientProof(secret, serverNonce, clientNonce)));
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
        if (done.completeExceptionally(new HandshakeException(spec.server() + " " + server + " " + reason))) {
            ctx.close();
        }
    }
}
