package dev.spindle.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * Writes JSON responses (and the dashboard's files, {@link RawBody}, and log files, {@link TextBody});
 * safe to call from any thread (Netty hands the write to the event loop).
 */
final class Responses {
    static final String TEXT = "text/plain; charset=utf-8";

    private Responses() {}

    static void send(ChannelHandlerContext ctx, RestResponse response, boolean keepAlive) {
        byte[] json;
        HttpResponseStatus status = response.status();
        CharSequence contentType = HttpHeaderValues.APPLICATION_JSON;
        try {
            if (response.body() instanceof TextBody text) {
                json = text.bytes();
                contentType = TEXT;
            } else if (response.body() instanceof RawBody raw) {
                json = raw.bytes();
                contentType = raw.contentType();
            } else {
                json = Json.SERVER.writeValueAsBytes(response.body());
            }
        } catch (JsonProcessingException e) {
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
            json = "{\"errors\":[\"the response could not be written as JSON\"]}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType).setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        if (response.body() instanceof RawBody raw) {
            raw.headers().forEach(r.headers()::set);
        }
        io.netty.channel.ChannelFuture written;
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            written = ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            written = ctx.writeAndFlush(r);
            written.addListener(ChannelFutureListener.CLOSE);
        }
        Runnable afterWrite = response.afterWrite();
        if (afterWrite != null) {
            written.addListener(f -> afterWrite.run());
        }
    }

    static void sendError(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive) {
        send(ctx, new RestResponse(status, new RestMessages.ErrorResponse(List.of(message))), keepAlive);
    }
}
