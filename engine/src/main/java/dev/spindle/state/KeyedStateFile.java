package dev.spindle.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.CRC32;

/**
 * The frame of the keyed state file (layout in docs/state.md). All integers big-endian.
 * <pre>
 * file    := magic:int32 version:int32 frame(header) frame(section) * groupCount
 *            frame(index) indexOffset:int64 endMagic:int32
 * frame(x):= length:int32 x crc32(x):int32
 * header  := maxParallelism:int32 rangeStart:int32 rangeEnd:int32
 *            stateCount:varint (name:string kind:uint8) * stateCount     kind | 0x80: with timestamps
 * section := keyGroup:int32 blockCount:varint (stateIndex:varint length:varint block) * blockCount
 * index   := groupCount:int32 (keyGroup:int32 sectionOffset:int64) * groupCount
 * </pre>
 * There is one section per key group of the writer's range, in ascending order, so a reader that
 * can seek reads the index from the end ({@code indexOffset}) and then any one key group alone.
 * Blocks hold the entries of one state in one key group ({@link StateEntryCodec}).
 */
final class KeyedStateFile {
    /** "SPKS": Spindle keyed state. */
    static final int MAGIC = 0x53504B53;
    /** "SPKE": the last four bytes of a complete file. */
    static final int END_MAGIC = 0x53504B45;

    static final int VERSION = 1;

    /**
     * Set in a state's kind byte in the header when its values carry time-to-live timestamps
     * ({@link StateEntryCodec}); states without time-to-live are written as before it existed.
     */
    static final int TIMESTAMPS = 0x80;

    private KeyedStateFile() {}

    /** Writes {@code length} bytes of {@code bytes} as a frame; returns the bytes written. */
    static long writeFrame(DataOutputStream out, byte[] bytes, int length) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        out.writeInt(length);
        out.write(bytes, 0, length);
        out.writeInt((int) crc.getValue());
        return 8L + length;
    }

    /** Reads one frame's content and checks its checksum; {@code what} names it in errors. */
    static byte[] readFrame(DataInputStream in, String what) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("corrupt keyed state file: " + what + " has length " + length);
        }
        // readNBytes grows with the data that arrives, so a bogus length cannot allocate it all.
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException(what + " ends after " + bytes.length + " of " + length + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        int expected = in.readInt();
        if ((int) crc.getValue() != expected) {
            throw new IOException("corrupt keyed state file: checksum mismatch in " + what);
        }
        return bytes;
    }
}
