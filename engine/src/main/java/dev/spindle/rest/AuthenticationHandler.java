package dev.spindle.rest;

import dev.spindle.security.ClusterSecret;
import dev.spindle.security.RestTokens;
import dev.spindle.util.RateLimitedLogger;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Predicate;

/**
 * Lets a request that may change the cluster (any method but GET and HEAD) pass only with the
 * cluster's bearer token. It sits before the aggregator and looks at the headers alone: a refused
 * request is answered 401 at once and its body is dropped chunk by chunk, never aggregated nor
 * handed on. Read-only requests pass without a token (the endpoint binds to loopback by default),
 * and so do the few requests that carry the token in their body and check it themselves
 * ({@link WebActionHandlers}: the YARN web proxy drops the {@code Authorization} header).
 *
 * <p>One instance per connection (it remembers whether it is dropping a body); runs on the
 * connection's event loop. The Authorization header is never logged.
 */
final class AuthenticationHandler extends ChannelInboundHandlerAdapter {
    private final ClusterSecret secret;
    private final RateLimitedLogger warnings;
    private final Predicate<HttpRequest> authenticatesItself;
    private boolean dropping;

    /** @param warnings the server's rate-limited log for refusals: any peer can cause them */
    AuthenticationHandler(ClusterSecret secret, RateLimitedLogger warnings) {
        this(secret, warnings, request -> false);
    }

    /** @param authenticatesItself which requests go to a route that checks the token in the body */
    AuthenticationHandler(
            ClusterSecret secret, RateLimitedLogger warnings, Predicate<HttpRequest> authenticatesItself) {
        this.secret = secret;
        this.warnings = warnings;
        this.authenticatesItself = authenticatesItself;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request
                && request.decoderResult().isSuccess()
                && !isReadOnly(request.method())
                && !authenticatesItself.test(request)
                && !RestTokens.matchesAuthorizationHeader(
                        secret, request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            warnings.warn(
                    "Refused unauthenticated {} from {}",
                    request.method(),
                    ctx.channel().remoteAddress());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            Responses.sendError(
                    ctx,
                    HttpResponseStatus.UNAUTHORIZED,
                    "this request needs the cluster's token (Authorization: Bearer <token>)",
                    keepAlive);
            dropping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (dropping && msg instanceof HttpContent content) {
            dropping = !(content instanceof LastHttpContent);
            content.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean isReadOnly(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }
}
