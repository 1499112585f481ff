package dev.spindle.rest;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty's aggregator, answering a body over the limit with the endpoint's JSON error. The
 * connection is closed afterwards: the rest of the body is still on its way and not worth reading.
 */
final class BodyAggregator extends HttpObjectAggregator {
    private final int maxContentLength;

    BodyAggregator(int maxContentLength) {
        super(maxContentLength);
        this.maxContentLength = maxContentLength;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        Responses.sendError(
                ctx,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "the request body is larger than rest.max-content-length (" + maxContentLength + " bytes)",
                false);
    }
}
