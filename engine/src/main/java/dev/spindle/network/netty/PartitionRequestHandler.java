package dev.spindle.network.netty;

import dev.spindle.network.Buffer;
import dev.spindle.network.Events;
import dev.spindle.network.LocalPartitionRegistry;
import dev.spindle.network.PartitionReleasedException;
import dev.spindle.network.ResultPartition;
import dev.spindle.network.ResultSubpartition;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer side of one authenticated connection: serves the subpartitions its receivers
 * request, sending a data buffer only against credit.
 *
 * <p>Threading: all state is confined to the connection's event loop. Subpartitions notify from
 * producer threads, and partitions that are not registered yet are awaited on {@code lookups};
 * both hop back onto the event loop. Nothing here blocks the event loop.
 *
 * <p>Events (end of partition) are sent without credit: they are few and small, and withholding
 * them would only delay the end of an exchange. A data buffer without credit stays in its
 * subpartition (or, if already polled, in {@link Reader#pending}), so the producer's pool runs dry
 * and its writer waits: that is the backpressure.
 */
final class PartitionRequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionRequestHandler.class);

    private final LocalPartitionRegistry registry;
    private final Executor lookups;
    private final Map<Integer, Reader> readers = new HashMap<>();
    private ChannelHandlerContext ctx;

    PartitionRequestHandler(LocalPartitionRegistry registry, Executor lookups) {
        this.registry = registry;
        this.lookups = lookups;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof NettyMessage.PartitionRequest r) {
            request(r);
        } else if (msg instanceof NettyMessage.AddCredit c) {
            Reader reader = readers.get(c.receiverId());
            if (reader != null && c.credit() > 0) {
                reader.credit += c.credit();
                reader.trySend();
            }
        } else if (msg instanceof NettyMessage.Cancel c) {
            Reader reader = readers.remove(c.receiverId());
            if (reader != null) {
                reader.close();
            }
        } else {
            if (msg instanceof NettyMessage.BufferResponse b) {
                b.bytes().release();
            }
            LOG.warn(
                    "Data connection from {}: unexpected {}; closing",
                    ctx.channel().remoteAddress(),
                    msg.getClass().getSimpleName());
            ctx.close();
        }
    }

    private void request(NettyMessage.PartitionRequest r) {
        if (readers.containsKey(r.receiverId()) || r.credit() < 0) {
            ctx.writeAndFlush(new NettyMessage.ErrorResponse(r.receiverId(), "duplicate or malformed request"));
            return;
        }
        Reader reader = new Reader(r.receiverId(), r.credit());
        readers.put(r.receiverId(), reader);
        lookups.execute(() -> {
            Runnable next;
            try {
                ResultPartition partition = registry.await(r.partitionId(), () -> reader.closed);
                if (r.subpartition() < 0 || r.subpartition() >= partition.numSubpartitions()) {
                    throw new IllegalArgumentException(
                            "partition " + r.partitionId() + " has no subpartition " + r.subpartition());
                }
                ResultSubpartition subpartition = partition.subpartition(r.subpartition());
                next = () -> reader.subscribe(subpartition);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                next = () -> reader.fail("partition server shutting down");
            } catch (Exception e) {
                String message = String.valueOf(e.getMessage());
                next = () -> reader.fail(message);
            }
            try {
                ctx.executor().execute(next);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The connection's event loop has shut down with the server: nobody is left to answer.
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        for (Reader r : readers.values()) {
            r.close();
        }
        readers.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("Data connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** Sends one subpartition to one receiver. Event loop only. */
    private final class Reader {
        final int receiverId;
        int credit;
        int sequence;
        ResultSubpartition subpartition;
        Buffer pending;
        /** Read by the lookup that may wait for the partition, which stops waiting once the reader is closed. */
        volatile boolean closed;

        Reader(int receiverId, int credit) {
            this.receiverId = receiverId;
            this.credit = credit;
        }

        void subscribe(ResultSubpartition s) {
            if (closed) {
                return;
            }
            subpartition = s;
            try {
                s.subscribe(() -> ctx.executor().execute(this::trySend));
            } catch (IllegalStateException e) {
                fail("subpartition already consumed: " + e.getMessage());
            }
        }

        void trySend() {
            if (closed || subpartition == null) {
                return;
            }
            boolean wrote = false;
            while (!closed) {
                if (pending == null) {
                    ResultSubpartition.Polled polled;
                    try {
                        polled = subpartition.poll();
                    } catch (PartitionReleasedException e) {
                        fail("producer released the partition: " + e.getMessage());
                        break;
                    }
                    if (polled == null) {
                        break;
                    }
                    pending = polled.buffer();
                }
                if (pending.isData() && credit == 0) {
                    break;
                }
                Buffer b = pending;
                pending = null;
                boolean end = !b.isData() && Events.typeOf(b) == Events.END_OF_PARTITION;
                if (b.isData()) {
                    credit--;
                }
                ctx.write(new NettyMessage.BufferResponse(receiverId, sequence++, b.kind(), NettyMessage.wrap(b)))
                        .addListener(f -> b.recycle()); // written to the socket (or failed): the producer may reuse it
                wrote = true;
                if (end) {
                    readers.remove(receiverId);
                    close();
                }
            }
            if (wrote) {
                ctx.flush();
            }
        }

        void fail(String message) {
            if (closed) {
                return;
            }
            ctx.writeAndFlush(new NettyMessage.ErrorResponse(receiverId, message));
            readers.remove(receiverId);
            close();
        }

        void close() {
            closed = true;
            if (subpartition == null) {
                registry.wakeWaiters(); // its lookup may still wait: the consumer went away (cancel, lost connection)
            }
            if (pending != null) {
                pending.recycle();
                pending = null;
            }
        }
    }
}
