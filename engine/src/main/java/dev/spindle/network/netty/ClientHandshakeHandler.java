package dev.spindle.network.netty;

import dev.spindle.security.ChallengeResponse;
import dev.spindle.security.ClusterSecret;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of {@link ChallengeResponse}: answers the server's nonce with its own and a
 * proof, checks the server's proof, then removes itself. {@link #done()} completes (on the event
 * loop) once the server is known to hold the secret, or fails if it does not or the connection
 * closes first.
 */
final class ClientHandshakeHandler extends ByteToMessageDecoder {
    private final ClusterSecret secret;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private byte[] serverNonce;
    private byte[] clientNonce;

    ClientHandshakeHandler(ClusterSecret secret) {
        this.secret = secret;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (serverNonce == null) {
            if (in.readableBytes() < ChallengeResponse.NONCE_BYTES) {
                return;
            }
            serverNonce = new byte[ChallengeResponse.NONCE_BYTES];
            in.readBytes(serverNonce);
            clientNonce = ChallengeResponse.newNonce();
            ByteBuf answer = Unpooled.buffer(ChallengeResponse.NONCE_BYTES + ChallengeResponse.PROOF_BYTES);
            answer.writeBytes(clientNonce).writeBytes(ChallengeResponse.clientProof(secret, serverNonce, clientNonce));
            ctx.writeAndFlush(answer);
        }
        if (in.readableBytes() < ChallengeResponse.PROOF_BYTES) {
            return;
        }
        byte[] proof = new byte[ChallengeResponse.PROOF_BYTES];
        in.readBytes(proof);
        if (!ChallengeResponse.matches(ChallengeResponse.serverProof(secret, serverNonce, clientNonce), proof)) {
            in.skipBytes(in.readableBytes());
            done.completeExceptionally(new IOException("partition server " + ctx.channel().remoteAddress()
                    + " failed authentication: it does not hold this cluster's secret"));
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        done.complete(null);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        done.completeExceptionally(new IOException("partition server " + ctx.channel().remoteAddress()
                + " closed the connection during authentication (wrong cluster secret?)"));
        super.channelInactive(ctx);
    }
}
