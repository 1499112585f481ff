package dev.spindle.checkpoint;

import dev.spindle.core.JobId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary format of a checkpoint's or savepoint's {@code _metadata} file: everything of a
 * {@link CompletedCheckpoint} except its external pointer, which is where the file lies.
 *
 * <p>Big-endian ({@link DataOutputStream}), no Java serialization, so that a checkpoint outlives
 * the classes that wrote it. Layout of version 3 (docs/checkpoints.md shows it too):
 *
 * <pre>
 * int   magic 0x5350434B ("SPCK")      int  version (3)
 * long  job id, upper half             long job id, lower half
 * long  checkpoint id                  long trigger timestamp    long completion timestamp
 * byte  kind: 0 checkpoint, 1 savepoint
 * int   the job's max parallelism
 * int   number of tasks, then per task:
 *   int vertex id   int subtask index   int parallelism   int max parallelism   byte finished (0 or 1)
 *   int number of operators, then per operator:
 *     int length of the operator id in UTF-8, then the id (32 hex digits)
 *     int length of the operator state (-1: none), then its bytes
 *     int length of the keyed-state file's path in UTF-8 (-1: none), then the path, then long its size
 * </pre>
 *
 * A state file inside the directory of the metadata is written by its path relative to that
 * directory (no scheme, no leading '/'), any other by its full URI; relative paths are resolved
 * against the directory the metadata is read from, so a savepoint directory can be moved or
 * copied as a whole. A file that ends early, has bytes after its end, or starts with another
 * magic number or version is rejected with an {@link IOException} naming the file: a checkpoint
 * is restored exactly or not at all.
 *
 * <p>Version 2 is read too: it has no max parallelism per task, as every operator then had the
 * job's, so each task gets the job's. It is never written.
 */
public final class CheckpointMetadata {
    /** "SPCK": Spindle checkpoint. */
    public static final int MAGIC = 0x5350434B;

    public static final int VERSION = 3;

    /** The version before max parallelism per operator; read, never written. */
    static final int VERSION_2 = 2;

    private static final int NONE = -1;

    private CheckpointMetadata() {}

    /**
     * The bytes of the {@code _metadata} file of {@code checkpoint}, to be written into {@code
     * location} (a fully qualified directory; state files under it are written relative to it).
     */
    public static byte[] serialize(CompletedCheckpoint checkpoint, String location) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        String prefix = location == null ? null : (location.endsWith("/") ? location : location + "/");
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(checkpoint.jobId().upper());
            out.writeLong(checkpoint.jobId().lower());
            out.writeLong(checkpoint.checkpointId());
            out.writeLong(checkpoint.triggerTimestamp());
            out.writeLong(checkpoint.completionTimestamp());
            out.writeByte(checkpoint.savepoint() ? 1 : 0);
            out.writeInt(checkpoint.maxParallelism());
            out.writeInt(checkpoint.tasks().size());
            for (TaskSnapshot task : checkpoint.tasks()) {
                writeTask(out, task, prefix);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a {@code _metadata} file's bytes.
     *
     * @param source the file they came from, named in every error
     * @param externalPointer the pointer of the result (the checkpoint's directory), which relative
     *     state file paths are resolved against
     * @throws IOException when the bytes are not a complete checkpoint of this format's version
     */
    public static CompletedCheckpoint deserialize(byte[] data, String source, String externalPointer)
            throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        String base = externalPointer == null
                ? ""
                : (externalPointer.endsWith("/") ? externalPointer : externalPointer + "/");
        try {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IOException(String.format(
                        "%s is not a Spindle checkpoint or savepoint metadata file (magic number 0x%08X, expected 0x%08X)",
                        source, magic, MAGIC));
            }
            int version = in.readInt();
            if (version != VERSION && version != VERSION_2) {
                throw new IOException(source + " has checkpoint metadata version " + version
                        + ", which this Spindle cannot read (it reads versions " + VERSION_2 + " and " + VERSION
                        + ")");
            }
            JobId jobId = new JobId(in.readLong(), in.readLong());
            long checkpointId = in.readLong();
            long triggerTimestamp = in.readLong();
            long completionTimestamp = in.readLong();
            byte kind = in.readByte();
            if (kind != 0 && kind != 1) {
                throw new IOException(
                        source + " is corrupt: kind " + kind + " is neither 0 (checkpoint) nor 1 (savepoint)");
            }
            int maxParallelism = in.readInt();
            if (maxParallelism < 1) {
                throw new IOException(source + " is corrupt: max parallelism " + maxParallelism);
            }
            int taskCount = readCount(in, source, "tasks");
            List<TaskSnapshot> tasks = new ArrayList<>(taskCount);
            for (int i = 0; i < taskCount; i++) {
                tasks.add(readTask(in, source, base, version == VERSION_2 ? maxParallelism : -1));
            }
            if (in.available() > 0) {
                throw new IOException(source + " is corrupt: " + in.available()
                        + " unexpected bytes after the end of the checkpoint metadata");
            }
            return new CompletedCheckpoint(
                    jobId,
                    checkpointId,
                    triggerTimestamp,
                    completionTimestamp,
                    kind == 1,
                    maxParallelism,
                    tasks,
                    externalPointer);
        } catch (EOFException e) {
            throw new IOException(source + " is truncated: it ends inside the checkpoint metadata", e);
        }
    }

    private static void writeTask(DataOutputStream out, TaskSnapshot task, String prefix) throws IOException {
        out.writeInt(task.vertexId());
        out.writeInt(task.subtaskIndex());
        out.writeInt(task.parallelism());
        out.writeInt(task.maxParallelism());
        out.writeBoolean(task.finished());
        out.writeInt(task.operators().size());
        for (OperatorSnapshot operator : task.operators()) {
            writeBytes(out, operator.operatorId().getBytes(StandardCharsets.UTF_8));
            writeBytes(out, operator.operatorState());
            StateHandle keyed = operator.keyedState();
            if (keyed == null) {
                out.writeInt(NONE);
            } else {
                String path = keyed.path();
                if (prefix != null && path.startsWith(prefix)) {
                    path = path.substring(prefix.length());
                }
                writeBytes(out, path.getBytes(StandardCharsets.UTF_8));
                out.writeLong(keyed.size());
            }
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(NONE);
        } else {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    /**
     * Reads one task; {@code jobMaxParallelism} is the max parallelism of every task of a version 2
     * file, which has none per task, and -1 for a version 3 file, whose tasks carry their own.
     */
    private static TaskSnapshot readTask(DataInputStream in, String source, String base, int jobMaxParallelism)
            throws IOException {
        int vertexId = in.readInt();
        int subtaskIndex = in.readInt();
        int parallelism = in.readInt();
        if (subtaskIndex < 0 || subtaskIndex >= parallelism) {
            throw new IOException(source + " is corrupt: subtask " + subtaskIndex + " of parallelism " + parallelism);
        }
        int maxParallelism = jobMaxParallelism > 0 ? jobMaxParallelism : in.readInt();
        if (maxParallelism < 1) {
            throw new IOException(source + " is corrupt: max parallelism " + maxParallelism + " of task " + vertexId
                    + "/" + subtaskIndex);
        }
        byte finished = in.readByte();
        if (finished != 0 && finished != 1) {
            throw new IOException(source + " is corrupt: finished flag " + finished + " of task " + vertexId + "/"
                    + subtaskIndex + " is neither 0 nor 1");
        }
        int operatorCount = readCount(in, source, "operators");
        List<OperatorSnapshot> operators = new ArrayList<>(operatorCount);
        for (int i = 0; i < operatorCount; i++) {
            byte[] id = readBytes(in, source);
            if (id == null) {
                throw new IOException(
                        source + " is corrupt: an operator of task " + vertexId + "/" + subtaskIndex + " has no id");
            }
            byte[] operatorState = readBytes(in, source);
            byte[] path = readBytes(in, source);
            StateHandle keyed = null;
            if (path != null) {
                long size = in.readLong();
                if (size < 0) {
                    throw new IOException(source + " is corrupt: negative state file size " + size);
                }
                String p = new String(path, StandardCharsets.UTF_8);
                keyed = new StateHandle(isRelative(p) ? base + p : p, size);
            }
            operators.add(new OperatorSnapshot(new String(id, StandardCharsets.UTF_8), operatorState, keyed));
        }
        return new TaskSnapshot(vertexId, subtaskIndex, parallelism, maxParallelism, finished == 1, operators);
    }

    /** A path written relative to the metadata's directory: no scheme and no leading '/'. */
    private static boolean isRelative(String path) {
        return !path.startsWith("/") && !path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    }

    private static byte[] readBytes(DataInputStream in, String source) throws IOException {
        int length = in.readInt();
        if (length == NONE) {
            return null;
        }
        if (length < 0 || length > in.available()) {
            throw truncatedOrCorrupt(source, length);
        }
        return in.readNBytes(length);
    }

    /** A count of entries; each takes at least 4 bytes, so a larger count than that is garbage. */
    private static int readCount(DataInputStream in, String source, String what) throws IOException {
        int count = in.readInt();
        if (count < 0 || (long) count * 4 > in.available()) {
            throw new IOException(source + " is corrupt or truncated: " + count + " " + what + " cannot follow in "
                    + in.available() + " remaining bytes");
        }
        return count;
    }

    private static IOException truncatedOrCorrupt(String source, int length) {
        return new IOException(source + " is corrupt or truncated: a field of " + length + " bytes does not fit");
    }
}
