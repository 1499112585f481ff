package dev.spindle.types;

import java.io.DataOutput;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array that records are serialized into. Big-endian like {@link DataOutput},
 * plus variable-length integers. Not thread-safe.
 */
public final class DataOutputView implements DataOutput {
    private byte[] buf;
    private int pos;

    public DataOutputView(int initialSize) {
        this.buf = new byte[Math.max(16, initialSize)];
    }

    /** The number of bytes written since the last {@link #clear()}. */
    public int length() {
        return pos;
    }

    /** The backing array; valid bytes are {@code [0, length())}. Changes as the view grows. */
    public byte[] sharedBuffer() {
        return buf;
    }

    public void clear() {
        pos = 0;
    }

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int extra) {
        int need = pos + extra;
        // An int overflow makes need negative, which the growth check alone would let through.
        if (need < 0) {
            throw new IllegalStateException("record larger than 2 GiB");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    @Override
    public void writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    @Override
    public void writeChars(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            writeChar(s.charAt(i));
        }
    }

    /** UTF-8 after a 2-byte length, so limited to 65535 bytes; prefer {@link #writeString}. */
    @Override
    public void writeUTF(String s) throws UTFDataFormatException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new UTFDataFormatException("string too long for writeUTF: " + bytes.length + " bytes");
        }
        writeShort(bytes.length);
        write(bytes);
    }

    /**
     * Unsigned LEB128 of the 32 bits of {@code v}: 7 bits per byte, least significant group first,
     * the high bit set on every byte but the last (300 is {@code ac 02}). 1 byte for 0..127, at
     * most 5 bytes; negative values take 5 bytes.
     */
    public void writeVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Unsigned LEB128 of the 64 bits of {@code v}, as {@link #writeVarInt}; at most 10 bytes. */
    public void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /**
     * A string of any length as UTF-8: var-int byte length, then the bytes ({@code "hi"} is
     * {@code 02 68 69}). Standard UTF-8 (a supplementary character takes 4 bytes, not a surrogate
     * pair of 3 each), whatever the platform's default charset. An unpaired surrogate cannot be
     * encoded and is written as {@code '?'}, as {@link String#getBytes} does.
     */
    public void writeString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(bytes.length);
        write(bytes, 0, bytes.length);
    }
}
