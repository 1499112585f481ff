package dev.spindle.network.netty;

import dev.spindle.core.JobId;
import dev.spindle.network.Buffer;
import dev.spindle.network.PartitionId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The messages of the data plane after authentication. On the wire each is one frame:
 * {@code [int length of the rest][byte type][body]}, big-endian. A connection opens with the
 * shared {@link dev.spindle.security.handshake.Handshake} under {@link #MAGIC} and
 * {@link #VERSION} (see {@link DataPipeline}).
 *
 * <pre>
 * consumer → producer  PARTITION_REQUEST  jobId (2 longs) edgeId producerSubtask attempt subpartition receiverId credit
 *                      ADD_CREDIT         receiverId credit
 *                      CANCEL             receiverId
 * producer → consumer  BUFFER             receiverId sequence kind(0 DATA, 1 EVENT) bytes…
 *                      ERROR              receiverId message (UTF-8)…
 * </pre>
 */
sealed interface NettyMessage {
    /** "SPDP": Spindle data plane. */
    int MAGIC = 0x53504450;
    /** Raised with any change to a frame of the data plane; peers of different versions refuse each other. */
    short VERSION = 2;

    byte PARTITION_REQUEST = 1;
    byte ADD_CREDIT = 2;
    byte CANCEL = 3;
    byte BUFFER = 4;
    byte ERROR = 5;

    /** Room for the header of a BUFFER frame on top of a buffer's bytes. */
    int HEADER_ROOM = 64;

    record PartitionRequest(PartitionId partitionId, int subpartition, int receiverId, int credit)
            implements NettyMessage {}

    record AddCredit(int receiverId, int credit) implements NettyMessage {}

    record Cancel(int receiverId) implements NettyMessage {}

    /**
     * One buffer for a receiver. Outbound it wraps the producer's {@link Buffer}; inbound it holds
     * a slice of the received frame, which the receiver must release.
     */
    record BufferResponse(int receiverId, int sequence, Buffer.Kind kind, ByteBuf bytes) implements NettyMessage {}

    record ErrorResponse(int receiverId, String message) implements NettyMessage {}

    /** Writes messages as frames. Sharable: it keeps no state. */
    @io.netty.channel.ChannelHandler.Sharable
    final class Encoder extends MessageToMessageEncoder<NettyMessage> {
        @Override
        protected void encode(ChannelHandlerContext ctx, NettyMessage msg, List<Object> out) {
            ByteBufAllocator alloc = ctx.alloc();
            if (msg instanceof PartitionRequest r) {
                ByteBuf b = header(alloc, PARTITION_REQUEST, 40);
                b.writeLong(r.partitionId().jobId().upper())
                        .writeLong(r.partitionId().jobId().lower());
                b.writeInt(r.partitionId().edgeId()).writeInt(r.partitionId().producerSubtask());
                b.writeInt(r.partitionId().attempt());
                b.writeInt(r.subpartition()).writeInt(r.receiverId()).writeInt(r.credit());
                out.add(b);
            } else if (msg instanceof AddCredit c) {
                out.add(header(alloc, ADD_CREDIT, 8).writeInt(c.receiverId()).writeInt(c.credit()));
            } else if (msg instanceof Cancel c) {
                out.add(header(alloc, CANCEL, 4).writeInt(c.receiverId()));
            } else if (msg instanceof BufferResponse r) {
                ByteBuf h = header(alloc, BUFFER, 9 + r.bytes().readableBytes());
                h.writeInt(r.receiverId()).writeInt(r.sequence()).writeByte(r.kind() == Buffer.Kind.DATA ? 0 : 1);
                out.add(h);
                out.add(r.bytes()); // released by the transport once written
            } else if (msg instanceof ErrorResponse e) {
                byte[] text = e.message().getBytes(StandardCharsets.UTF_8);
                out.add(header(alloc, ERROR, 4 + text.length)
                        .writeInt(e.receiverId())
                        .writeBytes(text));
            }
        }

        private static ByteBuf header(ByteBufAllocator alloc, byte type, int bodyLength) {
            ByteBuf b = alloc.buffer(5 + Math.min(bodyLength, 64));
            return b.writeInt(1 + bodyLength).writeByte(type);
        }
    }

    /** Reads the frames cut by the pipeline's frame decoder; anything malformed closes the connection. */
    final class Decoder extends MessageToMessageDecoder<ByteBuf> {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (!in.isReadable()) {
                throw new CorruptedFrameException("empty frame");
            }
            byte type = in.readByte();
            NettyMessage msg = switch (type) {
                case PARTITION_REQUEST -> {
                    need(in, 40);
                    JobId job = new JobId(in.readLong(), in.readLong());
                    PartitionId id = new PartitionId(job, in.readInt(), in.readInt(), in.readInt());
                    yield new PartitionRequest(id, in.readInt(), in.readInt(), in.readInt());
                }
                case ADD_CREDIT -> {
                    need(in, 8);
                    yield new AddCredit(in.readInt(), in.readInt());
                }
                case CANCEL -> {
                    need(in, 4);
                    yield new Cancel(in.readInt());
                }
                case BUFFER -> {
                    need(in, 9);
                    int receiver = in.readInt();
                    int sequence = in.readInt();
                    byte kind = in.readByte();
                    if (kind != 0 && kind != 1) {
                        throw new CorruptedFrameException("buffer kind " + kind);
                    }
                    yield new BufferResponse(
                            receiver,
                            sequence,
                            kind == 0 ? Buffer.Kind.DATA : Buffer.Kind.EVENT,
                            in.readRetainedSlice(in.readableBytes()));
                }
                case ERROR -> {
                    need(in, 4);
                    int receiver = in.readInt();
                    yield new ErrorResponse(
                            receiver,
                            in.readCharSequence(in.readableBytes(), StandardCharsets.UTF_8)
                                    .toString());
                }
                default -> throw new CorruptedFrameException("unknown message type " + type);
            };
            if (in.isReadable()) {
                if (msg instanceof BufferResponse r) {
                    r.bytes().release();
                }
                throw new CorruptedFrameException(
                        "frame of type " + type + " has " + in.readableBytes() + " extra bytes");
            }
            out.add(msg);
        }

        private static void need(ByteBuf in, int bytes) {
            if (in.readableBytes() < bytes) {
                throw new CorruptedFrameException("frame too short: " + in.readableBytes() + " < " + bytes);
            }
        }
    }

    /** Wraps a producer buffer for sending without copying. */
    static ByteBuf wrap(Buffer buffer) {
        return Unpooled.wrappedBuffer(buffer.data(), 0, buffer.size());
    }
}
