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
import java.util.LinkedHashSet;
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
 * <p>When all slots are taken (not merely the peer's share), the newcomer is not refused if some
 * connection is still <em>unsettled</em>: the oldest unsettled one is closed to make room. A
 * connection settles when it shows it is a real client ({@link #settled(Channel)}: the REST
 * endpoint calls it once a request's headers are complete). So attackers spread over many
 * addresses, who keep every slot full of connections that never finish, evict one another, while
 * a client that sends its request at once gets in; without it a sustained flood from a few
 * addresses would lock everyone out until it stopped.
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
    /** Slots whose connections have not settled, oldest first. */
    private final LinkedHashSet<Slot> unsettled = new LinkedHashSet<>();

    private int open;

    /**
     * @param server names the server in log lines ("REST", "RPC", "data")
     * @param options names what raises the limits, for the log line
     */
    public ConnectionLimiter(String server, int max, int maxPerAddress, String options, RateLimitedLogger log) {
        if (max < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException(
                    "connection limits must be at least 1, were " + max + " and " + maxPerAddress);
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
        Slot slot = new Slot(peer, child);
        Object outcome = tryAcquire(slot);
        if (outcome instanceof String refusal) {
            // as Netty's own acceptor does with a child it cannot register: not registered, so no events
            child.unsafe().closeForcibly();
            log.warn("Refused {} connection from {}: {} ({})", server, remote, refusal, options);
            return;
        }
        if (outcome instanceof Slot evicted) {
            log.warn(
                    "Closed the oldest unfinished {} connection, from {}, to make room for {}: all {} slots are taken ({})",
                    server,
                    evicted.channel.remoteAddress(),
                    remote,
                    max,
                    options);
            evicted.channel.close();
        }
        child.attr(SLOT).set(slot);
        child.closeFuture().addListener(f -> slot.release());
        ctx.fireChannelRead(child);
    }

    /** @return null when the slot was taken, the evicted slot when it was freed for it, or why not */
    private synchronized Object tryAcquire(Slot slot) {
        int fromPeer = perAddress.getOrDefault(slot.peer, 0);
        if (fromPeer >= maxPerAddress) {
            return fromPeer + " connections from this address are open, the most allowed per address";
        }
        Slot evicted = null;
        if (open >= max) {
            evicted = oldestRegistered();
            if (evicted == null) {
                return open + " connections are open, the most allowed";
            }
            evicted.release(); // re-enters this monitor: frees the slot now, before its channel has closed
            fromPeer = perAddress.getOrDefault(slot.peer, 0);
        }
        open++;
        perAddress.put(slot.peer, fromPeer + 1);
        unsettled.add(slot);
        return evicted;
    }

    /** One just accepted may not be registered yet, and so cannot be closed from here. */
    private Slot oldestRegistered() {
        for (Slot slot : unsettled) {
            if (slot.channel.isRegistered()) {
                return slot;
            }
        }
        return null;
    }

    private synchronized void free(Slot slot) {
        open--;
        unsettled.remove(slot);
        perAddress.computeIfPresent(slot.peer, (p, n) -> n == 1 ? null : n - 1);
    }

    private synchronized void settle(Slot slot) {
        unsettled.remove(slot);
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

    /**
     * Marks the channel's connection as a real client's: it keeps its slot, but is no longer the
     * first to be closed when all slots are taken. Idempotent; no-op for a channel without a slot.
     */
    public static void settled(Channel channel) {
        Slot slot = channel.attr(SLOT).get();
        if (slot != null) {
            slot.owner().settle(slot);
        }
    }

    private final class Slot {
        private final InetAddress peer;
        private final Channel channel;
        private final AtomicBoolean released = new AtomicBoolean();

        Slot(InetAddress peer, Channel channel) {
            this.peer = peer;
            this.channel = channel;
        }

        ConnectionLimiter owner() {
            return ConnectionLimiter.this;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                free(this);
            }
        }
    }
}
