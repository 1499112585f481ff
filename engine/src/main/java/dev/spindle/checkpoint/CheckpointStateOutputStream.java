package dev.spindle.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state file being written into a checkpoint's directory. {@link #closeAndGetHandle()} makes it
 * part of the checkpoint; {@link #close()} without it (an exception in a try-with-resources block)
 * abandons the file and deletes what was written, so a failed snapshot leaves nothing behind:
 *
 * <pre>{@code
 * try (CheckpointStateOutputStream out = storage.createStateStream(checkpointId, name)) {
 *     snapshot.writeTo(out);
 *     return out.closeAndGetHandle();
 * }
 * }</pre>
 *
 * <p>Writes are buffered here, so small writes (a {@code DataOutputStream}'s ints) cost no call into
 * the file system each. One thread writes a stream; any thread may {@link #abandon()} it, e.g. when
 * the checkpoint is declined while a background thread is still writing (its next write then fails).
 */
public final class CheckpointStateOutputStream extends OutputStream {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStateOutputStream.class);
    static final int BUFFER_SIZE = 64 * 1024;

    private final FileSystem fileSystem;
    private final Path path;
    private final FSDataOutputStream out;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int buffered;
    private long written;
    private volatile boolean closed;

    CheckpointStateOutputStream(FileSystem fileSystem, Path path) throws IOException {
        this.fileSystem = fileSystem;
        this.path = path;
        // overwrite: a file of the same name can only be left from an attempt of this checkpoint id
        // that never completed (ids continue after the latest completed checkpoint on a restart)
        this.out = fileSystem.create(path, true);
    }

    /** The file's fully qualified path. */
    public String path() {
        return path.toString();
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (buffered == buffer.length) {
            flushBuffer();
        }
        buffer[buffered++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len >= buffer.length) {
            flushBuffer();
            out.write(b, off, len);
            written += len;
        } else {
            if (len > buffer.length - buffered) {
                flushBuffer();
            }
            System.arraycopy(b, off, buffer, buffered, len);
            buffered += len;
        }
    }

    /** Hands the buffered bytes to the file system (which may keep them in its own buffers). */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        flushBuffer();
        out.flush();
    }

    /**
     * Completes the file and returns its handle (its fully qualified path and size), to put into the
     * checkpoint's acknowledgement. When this fails, the file is deleted.
     */
    public StateHandle closeAndGetHandle() throws IOException {
        ensureOpen();
        try {
            flushBuffer();
            closed = true;
            out.close();
        } catch (IOException e) {
            closed = true;
            try {
                out.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            deleteQuietly(null);
            throw new IOException("cannot complete the state file " + path, e);
        }
        return new StateHandle(path.toString(), written);
    }

    /** Abandons the file unless it was completed by {@link #closeAndGetHandle()}. Idempotent. */
    @Override
    public void close() {
        abandon();
    }

    /** Closes the file and deletes it; idempotent, and a no-op after {@link #closeAndGetHandle()}. */
    public void abandon() {
        if (closed) {
            return;
        }
        closed = true;
        IOException closeFailure = null;
        try {
            out.close();
        } catch (IOException e) {
            closeFailure = e;
        }
        deleteQuietly(closeFailure);
    }

    private void flushBuffer() throws IOException {
        if (buffered > 0) {
            out.write(buffer, 0, buffered);
            written += buffered;
            buffered = 0;
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the state file " + path + " is closed or abandoned");
        }
    }

    private void deleteQuietly(IOException cause) {
        try {
            fileSystem.delete(path, false);
        } catch (IOException e) {
            if (cause != null) {
                e.addSuppressed(cause);
            }
            LOG.warn("Could not delete the abandoned state file {}", path, e);
        }
    }
}
