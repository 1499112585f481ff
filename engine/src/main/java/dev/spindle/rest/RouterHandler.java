package dev.spindle.rest;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an aggregated request to its handler and writes the handler's answer, or the error, as
 * JSON. The handler runs on the event loop and returns a future; the response is written when the
 * future completes (on whichever thread), or with 503 when it takes longer than the request
 * timeout. Malformed HTTP is answered 400 and the connection closed, since the decoder cannot
 * find the next request in it. Shared by all connections: it keeps no state of its own.
 */
@ChannelHandler.Sharable
final class RouterHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RouterHandler.class);

    private final Router router;
    private final Duration timeout;

    RouterHandler(Router router, Duration timeout) {
        this.router = router;
        this.timeout = timeout;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            Responses.sendError(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", false);
            return;
        }
        if (!HttpVersion.HTTP_1_1.equals(request.protocolVersion())
                && !HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
            Responses.sendError(
                    ctx, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.0 and 1.1 are spoken here", false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        QueryStringDecoder uri;
        String path;
        try {
            uri = new QueryStringDecoder(request.uri());
            // Both decode lazily: decode now, so that a malformed escape (/jobs/%zz) is a 400 here
            // rather than an exception later that would close the connection without an answer.
            path = uri.path();
            uri.parameters();
        } catch (IllegalArgumentException e) {
            Responses.sendError(ctx, HttpResponseStatus.BAD_REQUEST, "malformed URI", false);
            return;
        }
        Router.Match match = router.route(request.method(), path);
        if (match instanceof Router.NotFound) {
            Responses.sendError(ctx, HttpResponseStatus.NOT_FOUND, "not found: " + path, keepAlive);
        } else if (match instanceof Router.MethodNotAllowed notAllowed) {
            String allowed = notAllowed.allowed().stream().map(HttpMethod::name).collect(Collectors.joining(", "));
            Responses.sendError(
                    ctx,
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    request.method() + " is not allowed on " + path + "; allowed: " + allowed,
                    keepAlive);
        } else if (match instanceof Router.Found found) {
            RestRequest restRequest = new RestRequest(
                    request.method(),
                    path,
                    found.pathParameters(),
                    uri.parameters(),
                    request.headers().copy(),
                    ByteBufUtil.getBytes(request.content()));
            dispatch(ctx, found.route(), restRequest, keepAlive);
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Router.Route route, RestRequest request, boolean keepAlive) {
        CompletableFuture<RestResponse> response;
        try {
            response = route.handler().handle(request);
        } catch (RestException e) {
            response = CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            LOG.error("Handler of {} {} failed", route.method(), route.template(), e);
            response = CompletableFuture.failedFuture(e);
        }
        // a copy, so that the timeout does not complete the gateway's own future
        Duration limit = route.timeout() != null ? route.timeout() : timeout;
        response.thenApply(r -> r)
                .orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, failure) -> {
                    if (failure == null) {
                        Responses.send(ctx, r, keepAlive);
                        return;
                    }
                    RestErrors.Error error = RestErrors.of(failure);
                    if (error.status().code() >= 500) {
                        LOG.warn(
                                "{} {} failed with {}",
                                route.method(),
                                route.template(),
                                error.status(),
                                RestErrors.unwrap(failure));
                    }
                    Responses.sendError(ctx, error.status(), error.message(), keepAlive);
                });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing REST connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
