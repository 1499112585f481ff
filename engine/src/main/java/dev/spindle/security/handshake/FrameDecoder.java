package dev.spindle.security.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteOrder;

/**
 * Cuts frames of up to {@code maxFrameBytes}, but only handshake-sized ones until the peer is
 * authenticated: otherwise anyone who can connect could make the process buffer a frame of the
 * full size (64 MB by default for RPC) per connection, and hold it until the handshake timeout.
 * A longer length prefix is a {@link TooLongFrameException}, which closes the connection. Event
 * loop only.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    private boolean authenticated;

    FrameDecoder(int maxFrameBytes) {
        // The limit counts the 4 length bytes too; they are stripped before the frame goes on.
        super(maxFrameBytes + 4, 0, 4, 0, 4, true);
    }

    void authenticated() {
        authenticated = true;
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        long frameBytes = super.getUnadjustedFrameLength(buf, offset, length, order);
        if (!authenticated && frameBytes > Handshake.MAX_FRAME_BYTES_BEFORE_AUTH) {
            buf.skipBytes(buf.readableBytes()); // the connection is refused: nothing more to decode in it
            throw new TooLongFrameException("a frame of " + frameBytes + " bytes before authentication (at most "
                    + Handshake.MAX_FRAME_BYTES_BEFORE_AUTH + ")");
        }
        return frameBytes;
    }
}
