package dev.spindle.api.sources;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the lines of one {@link FileSplit} as UTF-8: a split that does not start at 0 skips the
 * line that began before it, and the last line read is the one that begins before the split's
 * end. Line ends are {@code \n}; a {@code \r} before it is dropped.
 */
final class LineSplitReader implements Closeable {
    private static final int CHUNK = 1 << 20;

    private final FileChannel channel;
    private final long end;
    private byte[] buf = new byte[CHUNK];
    private int bufPos;
    private int bufLimit;
    /** File offset of {@code buf[0]}. */
    private long bufOffset;

    private boolean eof;

    LineSplitReader(FileSplit split) throws IOException {
        this(split, split.start(), split.start() > 0);
    }

    /**
     * A reader of {@code split} that resumes at {@code offset}, the start of one of its lines as
     * {@link #position()} reported it (an offset at or after the split's end reads nothing).
     */
    static LineSplitReader resumeAt(FileSplit split, long offset) throws IOException {
        return new LineSplitReader(split, offset, false);
    }

    private LineSplitReader(FileSplit split, long from, boolean skipPartialLine) throws IOException {
        this.channel = FileChannel.open(split.file(), StandardOpenOption.READ);
        this.end = split.end();
        if (skipPartialLine) {
            // Begin at the first line that starts at or after 'from': skip through the next '\n' from from-1.
            channel.position(from - 1);
            bufOffset = from - 1;
            skipPastNewline();
        } else {
            channel.position(from);
            bufOffset = from;
        }
    }

    /** The file offset of the next line {@link #nextLine} reads: where a reader can resume. */
    long position() {
        return bufOffset + bufPos;
    }

    private void skipPastNewline() throws IOException {
        while (true) {
            for (int i = bufPos; i < bufLimit; i++) {
                if (buf[i] == '\n') {
                    bufPos = i + 1;
                    return;
                }
            }
            bufPos = bufLimit;
            if (!fill()) {
                return;
            }
        }
    }

    /** The next line of the split, or null when the split is done. */
    String nextLine() throws IOException {
        if (bufOffset + bufPos >= end || (bufPos >= bufLimit && !fill())) {
            return null;
        }
        int scan = bufPos;
        while (true) {
            for (int i = scan; i < bufLimit; i++) {
                if (buf[i] == '\n') {
                    String line = decode(bufPos, i);
                    bufPos = i + 1;
                    return line;
                }
            }
            scan = bufLimit;
            int consumed = bufPos;
            if (!fill()) {
                if (bufPos == bufLimit) {
                    return null;
                }
                String line = decode(bufPos, bufLimit); // last line without '\n'
                bufPos = bufLimit;
                return line;
            }
            scan -= consumed - bufPos; // fill() compacted the buffer: bufPos moved to 0
        }
    }

    private String decode(int from, int to) {
        if (to > from && buf[to - 1] == '\r') {
            to--;
        }
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    /** Moves unread bytes to the front, then reads more; false at end of file. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int remaining = bufLimit - bufPos;
        if (bufPos > 0) {
            System.arraycopy(buf, bufPos, buf, 0, remaining);
            bufOffset += bufPos;
            bufPos = 0;
            bufLimit = remaining;
        }
        if (bufLimit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
        }
        int n = channel.read(ByteBuffer.wrap(buf, bufLimit, buf.length - bufLimit));
        if (n <= 0) {
            eof = n < 0;
            return n > 0;
        }
        bufLimit += n;
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
