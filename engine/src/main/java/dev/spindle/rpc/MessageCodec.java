package dev.spindle.rpc;

import dev.spindle.types.DataInputView;
import dev.spindle.types.DataOutputView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Frame body ↔ {@link RpcMessage}, after authentication. A frame that does not parse is a
 * {@link CorruptedFrameException}, which the handler behind this one answers by closing.
 */
final class MessageCodec extends MessageToMessageCodec<ByteBuf, RpcMessage> {
    private final int maxFrameBytes;

    MessageCodec(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RpcMessage msg, List<Object> out) {
        DataOutputView header = new DataOutputView(64);
        byte[] payload;
        if (msg instanceof RpcMessage.Request r) {
            header.writeByte(Protocol.REQUEST);
            header.writeVarLong(r.id());
            header.writeString(r.endpoint());
            header.writeString(r.methodKey());
            payload = r.arguments();
        } else if (msg instanceof RpcMessage.Response r) {
            header.writeByte(Protocol.RESPONSE);
            header.writeVarLong(r.id());
            payload = r.value();
        } else {
            RpcMessage.Error e = (RpcMessage.Error) msg;
            header.writeByte(Protocol.ERROR);
            header.writeVarLong(e.id());
            header.writeString(e.className());
            header.writeBoolean(e.message() != null);
            if (e.message() != null) {
                header.writeString(e.message());
            }
            header.writeString(e.causeChain());
            payload = new byte[0];
        }
        if ((long) header.length() + payload.length > maxFrameBytes) {
            // Callers check sizes first; this guards the peer, which would disconnect us.
            throw new IllegalArgumentException("message of " + (header.length() + payload.length)
                    + " bytes exceeds the frame limit of " + maxFrameBytes);
        }
        out.add(Unpooled.wrappedBuffer(header.toByteArray(), payload));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        byte[] bytes = ByteBufUtil.getBytes(frame);
        DataInputView in = new DataInputView(bytes);
        try {
            byte type = in.readByte();
            long id = in.readVarLong();
            out.add(
                    switch (type) {
                        case Protocol.REQUEST -> {
                            String endpoint = in.readString();
                            String method = in.readString();
                            yield new RpcMessage.Request(
                                    id, endpoint, method, Arrays.copyOfRange(bytes, in.position(), bytes.length));
                        }
                        case Protocol.RESPONSE ->
                            new RpcMessage.Response(id, Arrays.copyOfRange(bytes, in.position(), bytes.length));
                        case Protocol.ERROR -> {
                            String className = in.readString();
                            String message = in.readBoolean() ? in.readString() : null;
                            yield new RpcMessage.Error(id, className, message, in.readString());
                        }
                        default -> throw new CorruptedFrameException("unknown frame type " + type);
                    });
        } catch (IOException e) {
            throw new CorruptedFrameException("malformed frame: " + e.getMessage(), e);
        }
    }
}
