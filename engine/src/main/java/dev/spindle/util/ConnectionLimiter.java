package dev.spindle.util;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps how many connections a server holds, in all and per remote address, so that peers who open
 * sockets and say nothing cannot take the process to its file-descriptor limit, and one peer
 * cannot take every slot. Install it with {@code ServerBootstrap.handler(..)}: it sits on the
 * listening channel and sees each accepted connection before it is registered with an event loop
 * or given a pipeline. A connection over a limit is closed there at once (the peer sees the end of
 * the stream), having cost one file descriptor for a moment and no buffers; one rate-limited WARN
 * line names it.
 *
 * <p>A connection holds its slot until it closes, or until {@link #release(Channel)} gives the slot
 * back early: the RPC and data ports do so once the peer has authenticated, so that their limits
 * bound only the connections still in the handshake (a large cluster's authenticated peers are
 * never refused).
 *
 * <p>Shared by all connections of one server; accepts run on the acceptor's thread, releases on
 * any thread.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Slot> SLOT = AttributeKey.valueOf(ConnectionLimiter.class, "slot");

    private final String server;
    private final int max;
    private final int maxPerAddress;
    private final String options;
    private final RateLimitedLogger log;
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private int open;

    /**
     * @param server names the server in log lines ("REST", "RPC", "data")
     * @param options names what raises the limits, for the log line
     */
    public ConnectionLimiter(String server, int max, int maxPerAddress, String options, RateLimitedLogger log) {
        if (max < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1, were " + max + " and " + maxPerAddress);
        }
        this.server = Objects.requireNonNull(server, "server");
        this.max = max;
        this.maxPerAddress = maxPerAddress;
        this.options = Objects.requireNonNull(options, "options");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Channel child)) {
            ctx.fireChannelRead(msg);
            return;
        }
        SocketAddress remote = child.remoteAddress();
        InetAddress peer = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
        String refusal = tryAcquire(peer);
        if (refusal != null) {
            // as Netty's own acceptor does with a child it cannot register: not registered, so no events
            child.unsafe().closeForcibly();
            log.warn("Refused {} connection from {}: {} ({})", server, remote, refusal, options);
            return;
        }
        Slot slot = new Slot(peer);
        child.attr(SLOT).set(slot);
        child.closeFuture().addListener(f -> slot.release());
        ctx.fireChannelRead(child);
    }

    private synchronized String tryAcquire(InetAddress peer) {
        if (open >= max) {
            return open + " connections are open, the most allowed";
        }
        int fromPeer = perAddress.getOrDefault(peer, 0);
        if (fromPeer >= maxPerAddress) {
            return fromPeer + " connections from this address are open, the most allowed per address";
        }
        open++;
        perAddress.put(peer, fromPeer + 1);
        return null;
    }

    private synchronized void free(InetAddress peer) {
        open--;
        perAddress.computeIfPresent(peer, (p, n) -> n == 1 ? null : n - 1);
    }

    /** Connections holding a slot now. */
    public synchronized int open() {
        return open;
    }

    /**
     * Gives the channel's slot back before it closes (no-op when it has none or gave it back
     * already): the connection no longer counts against the limits.
     */
    public static void release(Channel channel) {
        Slot slot = channel.attr(SLOT).get();
        if (slot != null) {
            slot.release();
        }
    }

    private final class Slot {
        private final InetAddress peer;
        private final AtomicBoolean released = new AtomicBoolean();

        Slot(InetAddress peer) {
            this.peer = peer;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                free(peer);
            }
        }
    }
}
