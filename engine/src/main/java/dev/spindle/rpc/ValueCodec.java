package dev.spindle.rpc;

import dev.spindle.types.DataInputView;
import dev.spindle.types.DataOutputView;
import java.io.IOException;

/**
 * Writes and reads values of one declared type. Made by {@link WireCodec#forType}; immutable and
 * thread-safe. Reading malformed bytes throws {@link IOException}, never allocates more than the
 * input could describe.
 */
interface ValueCodec {
    void write(DataOutputView out, Object value);

    Object read(DataInputView in) throws IOException;
}
