package dev.spindle.rest;

import dev.spindle.util.ConnectionLimiter;
import dev.spindle.util.RateLimitedLogger;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that hold a slot without making progress, so that slow or silent clients
 * cannot keep the endpoint's connections (see {@code rest.connections.max}) for as long as they
 * like. Sits right behind the HTTP codec and sees the decoded request parts and the responses:
 *
 * <ul>
 *   <li>a new connection must deliver the complete headers of its first request within the header
 *       timeout, else it is answered 408 and closed (the codec hands nothing on before the headers
 *       are complete, so a client that dribbles them gains nothing);
 *   <li>while a request body arrives, each part must follow the previous one within the idleness
 *       timeout, else 408 and close: a large upload on a slow link goes on as long as bytes flow;
 *   <li>a kept-alive connection with no request in flight must deliver its next request's headers
 *       within the idleness timeout, else it is closed without an answer (the usual end of an idle
 *       keep-alive connection);
 *   <li>while the JobManager works on a request no timer runs: {@code rest.request-timeout}
 *       bounds that.
 * </ul>
 *
 * <p>One instance per connection; all methods run on the connection's event loop.
 */
final class RequestTimeouts extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RequestTimeouts.class);

    private final Duration headerTimeout;
    private final Duration idlenessTimeout;
    private final RateLimitedLogger warnings;
    private ScheduledFuture<?> timer;
    private int inFlight;
    private boolean receivingBody;
    private boolean answeredOnce;

    /** @param warnings shared by the server's connections: one line per timed-out request, rate-limited */
    RequestTimeouts(Duration headerTimeout, Duration idlenessTimeout, RateLimitedLogger warnings) {
        this.headerTimeout = headerTimeout;
        this.idlenessTimeout = idlenessTimeout;
        this.warnings = warnings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        schedule(ctx, headerTimeout, true, "the request headers were not complete within rest.request.header-timeout");
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            ConnectionLimiter.settled(ctx.channel()); // a real request: not the first to go when slots run out
            inFlight++;
            receivingBody = !(msg instanceof LastHttpContent);
        } else if (msg instanceof LastHttpContent) {
            receivingBody = false;
        }
        if (msg instanceof HttpRequest || msg instanceof HttpContent) {
            rearm(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // 100 Continue is not the answer: the request is still in flight
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            inFlight = Math.max(0, inFlight - 1);
            answeredOnce = true;
            rearm(ctx);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void rearm(ChannelHandlerContext ctx) {
        cancel();
        if (receivingBody) {
            schedule(ctx, idlenessTimeout, true, "no part of the request body arrived within rest.idleness-timeout");
        } else if (inFlight == 0) {
            if (answeredOnce) {
                schedule(ctx, idlenessTimeout, false, "idle");
            } else {
                schedule(
                        ctx,
                        headerTimeout,
                        true,
                        "the request headers were not complete within rest.request.header-timeout");
            }
        }
    }

    private void schedule(ChannelHandlerContext ctx, Duration after, boolean answer408, String reason) {
        timer = ctx.executor()
                .schedule(() -> expire(ctx, after, answer408, reason), after.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expire(ChannelHandlerContext ctx, Duration after, boolean answer408, String reason) {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!answer408) {
            LOG.debug("Closing idle REST connection from {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        String message = reason + " (" + after.toMillis() + " ms)";
        warnings.warn("Closing REST connection from {}: {}", ctx.channel().remoteAddress(), message);
        Responses.sendError(ctx, HttpResponseStatus.REQUEST_TIMEOUT, message, false);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
