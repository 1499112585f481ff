package dev.spindle.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of an authenticated channel: turns each REQUEST into an invocation on its
 * endpoint's executor and writes back RESPONSE or ERROR. Routing happens on the event loop;
 * argument decoding, the invocation and result encoding happen on the endpoint's executor (or
 * on whichever thread completes the implementation's future). Every request gets exactly one
 * answer, including unknown endpoints and methods, undecodable arguments, synchronous throws
 * and failed futures.
 */
final class ServerDispatcher extends SimpleChannelInboundHandler<RpcMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerDispatcher.class);
    private static final int MAX_CAUSES = 16;

    /** An exported implementation; {@code owned} is the executor the server made for it, or null. */
    record Endpoint(
            String name, GatewaySchema schema, Object implementation, Executor executor, ExecutorService owned) {}

    private final Map<String, Endpoint> endpoints;
    private final RpcConfig config;

    ServerDispatcher(Map<String, Endpoint> endpoints, RpcConfig config) {
        this.endpoints = endpoints;
        this.config = config;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RpcMessage msg) {
        if (!(msg instanceof RpcMessage.Request r)) {
            LOG.warn(
                    "RPC client {} sent an answer to a server; closing",
                    ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        Channel channel = ctx.channel();
        Endpoint endpoint = endpoints.get(r.endpoint());
        if (endpoint == null) {
            reply(channel, error(r.id(), new RpcException("no RPC endpoint '" + r.endpoint() + "' on this server")));
            return;
        }
        GatewaySchema.MethodSchema method = endpoint.schema().byKey(r.methodKey());
        if (method == null) {
            reply(
                    channel,
                    error(
                            r.id(),
                            new RpcException("RPC endpoint '" + r.endpoint() + "' ("
                                    + endpoint.schema().type().getName() + ") has no method " + r.methodKey())));
            return;
        }
        try {
            endpoint.executor().execute(() -> invoke(channel, endpoint, method, r));
        } catch (RejectedExecutionException e) {
            reply(channel, error(r.id(), new RpcException("RPC endpoint '" + r.endpoint() + "' is shutting down", e)));
        }
    }

    private void invoke(Channel channel, Endpoint endpoint, GatewaySchema.MethodSchema method, RpcMessage.Request r) {
        CompletableFuture<?> result;
        try {
            Object[] args = method.decodeArguments(r.arguments());
            result = (CompletableFuture<?>) method.method().invoke(endpoint.implementation(), args);
        } catch (IOException e) {
            reply(channel, error(r.id(), new RpcException("cannot decode the arguments of " + method.key(), e)));
            return;
        } catch (InvocationTargetException e) {
            reply(channel, error(r.id(), e.getCause()));
            return;
        } catch (IllegalAccessException | RuntimeException e) {
            reply(channel, error(r.id(), e));
            return;
        }
        if (result == null) {
            reply(channel, error(r.id(), new RpcException(method.key() + " returned null instead of a future")));
            return;
        }
        result.whenComplete((value, failure) -> {
            if (failure != null) {
                reply(channel, error(r.id(), failure));
                return;
            }
            try {
                byte[] encoded = method.encodeResult(value);
                if (encoded.length > config.maxFrameBytes() - 64) {
                    throw new RpcException("the result of " + method.key() + " takes " + encoded.length
                            + " bytes, more than the frame limit of " + config.maxFrameBytes());
                }
                reply(channel, new RpcMessage.Response(r.id(), encoded));
            } catch (RpcException | RuntimeException e) {
                reply(channel, error(r.id(), e));
            }
        });
    }

    private static void reply(Channel channel, RpcMessage answer) {
        // A closed channel drops the answer; the caller's connection loss already failed the call.
        channel.writeAndFlush(answer);
    }

    static RpcMessage.Error error(long id, Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        StringBuilder chain = new StringBuilder();
        Throwable cause = t.getCause();
        for (int i = 0; cause != null && cause != t && i < MAX_CAUSES; i++, cause = cause.getCause()) {
            if (chain.length() > 0) {
                chain.append('\n');
            }
            chain.append("caused by: ").append(cause.getClass().getName());
            if (cause.getMessage() != null) {
                chain.append(": ").append(cause.getMessage());
            }
        }
        LOG.debug("RPC call {} failed", id, t);
        return new RpcMessage.Error(id, t.getClass().getName(), t.getMessage(), chain.toString());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("RPC connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn(
                    "RPC client {} broke the protocol, closing: {}",
                    ctx.channel().remoteAddress(),
                    cause.toString());
        }
        ctx.close();
    }
}
