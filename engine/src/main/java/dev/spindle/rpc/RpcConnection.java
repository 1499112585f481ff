package dev.spindle.rpc;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated channel from an {@link RpcClient} to a server, shared by every gateway proxy
 * for that address. It keeps the calls in flight by id and completes each call's future exactly
 * once: with the response, a {@link RemoteException}, a {@link TimeoutException} after the ask
 * timeout, or an {@link RpcConnectionException} when the channel closes. Futures are always
 * completed on the client's callback executor, never on the event loop.
 */
final class RpcConnection extends SimpleChannelInboundHandler<RpcMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(RpcConnection.class);
    /** Room left in a frame for the request header (endpoint and method names). */
    private static final int HEADER_ROOM = 64 * 1024;

    private record Pending(
            GatewaySchema.MethodSchema method, CompletableFuture<Object> result, ScheduledFuture<?> timeout) {}

    private final InetSocketAddress address;
    private final RpcConfig config;
    private final Executor callbacks;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Channel channel;

    RpcConnection(InetSocketAddress address, RpcConfig config, Executor callbacks) {
        this.address = address;
        this.config = config;
        this.callbacks = callbacks;
    }

    InetSocketAddress address() {
        return address;
    }

    /** Binds this connection to its channel, once the channel exists. */
    void attach(Channel ch) {
        channel = ch;
        ch.closeFuture().addListener(f -> failAll());
    }

    boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** Sends one call; {@code result} completes later on the callback executor. Never throws. */
    void call(String endpoint, GatewaySchema.MethodSchema method, Object[] args, CompletableFuture<Object> result) {
        byte[] payload;
        try {
            payload = method.encodeArguments(args);
        } catch (RuntimeException e) {
            completeLater(result, null, new RpcException("cannot encode the arguments of " + method.key(), e));
            return;
        }
        if (payload.length > config.maxFrameBytes() - HEADER_ROOM) {
            completeLater(
                    result,
                    null,
                    new RpcException("the arguments of " + method.key() + " take " + payload.length
                            + " bytes, more than the frame limit of " + config.maxFrameBytes()));
            return;
        }
        long id = ids.incrementAndGet();
        Channel ch = channel;
        long timeoutMillis = config.askTimeout().toMillis();
        ScheduledFuture<?> timeout = ch.eventLoop()
                .schedule(
                        () -> fail(
                                id,
                                new TimeoutException("RPC " + method.key() + " to " + endpoint + "@" + address
                                        + " got no answer within " + timeoutMillis + " ms")),
                        timeoutMillis,
                        TimeUnit.MILLISECONDS);
        pending.put(id, new Pending(method, result, timeout));
        // Checked after registering, so a close that raced with us either sees this call in
        // failAll() or is seen here.
        if (!ch.isActive()) {
            fail(id, closed());
            return;
        }
        ch.writeAndFlush(new RpcMessage.Request(id, endpoint, method.key(), payload))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        fail(
                                id,
                                new RpcConnectionException(
                                        "could not send " + method.key() + " to " + address, f.cause()));
                    }
                });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RpcMessage msg) {
        if (msg instanceof RpcMessage.Request) {
            LOG.warn("RPC server {} sent a request to a client; closing", address);
            ctx.close();
            return;
        }
        Pending p = pending.remove(msg.id());
        if (p == null) {
            LOG.debug("Answer for call {} from {} arrived after the call ended", msg.id(), address);
            return;
        }
        p.timeout().cancel(false);
        if (msg instanceof RpcMessage.Error e) {
            completeLater(p.result(), null, new RemoteException(e.className(), e.message(), e.causeChain()));
            return;
        }
        try {
            completeLater(p.result(), p.method().decodeResult(((RpcMessage.Response) msg).value()), null);
        } catch (IOException | RuntimeException e) {
            completeLater(
                    p.result(),
                    null,
                    new RpcException("cannot decode the answer of " + p.method().key() + " from " + address, e));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset socket is ordinary connection loss (pending calls fail on close); anything else is a protocol error.
        if (cause instanceof IOException) {
            LOG.debug("RPC connection to {} failed: {}", address, cause.toString());
        } else {
            LOG.warn("RPC connection to {} broke the protocol, closing: {}", address, cause.toString());
        }
        ctx.close();
    }

    private RpcConnectionException closed() {
        return new RpcConnectionException("the RPC connection to " + address + " closed");
    }

    private void failAll() {
        for (Long id : pending.keySet()) {
            fail(id, closed());
        }
    }

    private void fail(long id, Throwable error) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.timeout().cancel(false);
            completeLater(p.result(), null, error);
        }
    }

    private void completeLater(CompletableFuture<Object> future, Object value, Throwable error) {
        Runnable complete = () -> {
            if (error == null) {
                future.complete(value);
            } else {
                future.completeExceptionally(error);
            }
        };
        try {
            callbacks.execute(complete);
        } catch (RejectedExecutionException e) {
            complete.run(); // the client is closing; better the event loop than never
        }
    }
}
