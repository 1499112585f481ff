package dev.spindle.network.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One authenticated connection from this process to a remote partition server, shared by every
 * {@link RemoteInputChannel} that reads from that server. Routes BUFFER and ERROR frames to their
 * channel by receiver id; when the connection is lost, fails every channel on it.
 *
 * <p>Threading: frames arrive on the connection's event loop; channels register, unregister and
 * send from task threads.
 */
final class PartitionConnection extends ChannelInboundHandlerAdapter {
    private final Map<Integer, RemoteInputChannel> receivers = new ConcurrentHashMap<>();
    private final SocketAddress remote;
    private volatile Channel channel;
    private volatile IOException lost;

    PartitionConnection(SocketAddress remote) {
        this.remote = remote;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Adds a receiver; fails at once if the connection is already gone. */
    void register(RemoteInputChannel receiver) throws IOException {
        receivers.put(receiver.receiverId(), receiver);
        IOException failure = lost;
        if (failure != null) {
            receivers.remove(receiver.receiverId());
            throw new IOException(failure.getMessage(), failure);
        }
    }

    void unregister(int receiverId) {
        receivers.remove(receiverId);
    }

    /** Sends a message from any thread; a lost connection shows up in the receivers instead. */
    void send(NettyMessage msg) {
        channel.writeAndFlush(msg);
    }

    boolean isOpen() {
        return lost == null && channel != null && channel.isActive();
    }

    void close() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof NettyMessage.BufferResponse b) {
            RemoteInputChannel receiver = receivers.get(b.receiverId());
            try {
                if (receiver != null) {
                    receiver.onBuffer(b.sequence(), b.kind(), b.bytes());
                } // else: released meanwhile; the buffer is dropped
            } finally {
                b.bytes().release();
            }
        } else if (msg instanceof NettyMessage.ErrorResponse e) {
            RemoteInputChannel receiver = receivers.remove(e.receiverId());
            if (receiver != null) {
                receiver.onFailure(new IOException("partition server " + remote + ": " + e.message()));
            }
        } else {
            exceptionCaught(ctx, new IOException("unexpected " + msg.getClass().getSimpleName() + " from " + remote));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failAll(new IOException("connection to partition server " + remote + " lost"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failAll(new IOException("connection to partition server " + remote + " failed: " + cause, cause));
        ctx.close();
    }

    private void failAll(IOException failure) {
        if (lost == null) {
            lost = failure;
        }
        for (RemoteInputChannel r : receivers.values()) {
            r.onFailure(failure);
        }
        receivers.clear();
    }
}
