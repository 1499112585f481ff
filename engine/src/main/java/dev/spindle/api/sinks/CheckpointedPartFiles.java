package dev.spindle.api.sinks;

import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The part files of one file sink subtask when the job takes checkpoints: written in progress,
 * pending from a checkpoint on, committed when that checkpoint completes.
 *
 * <p>Names, for subtask {@code s} and a counter {@code c} that counts the subtask's files:
 * {@code .part-s-c.inprogress} while records go in; {@code .part-s-c.pending} once a checkpoint
 * (or {@code finish}) closed it; {@code part-s-c} when committed. Hidden names start with '.', so
 * readers of the directory (and {@code readTextFile}) see committed files only. A checkpoint that
 * had no records since the previous one leaves no file.
 *
 * <p>State: the union list {@code part-files} of the operator state store, one element per
 * subtask (version 1, big-endian): int {@code 1}; int the subtask; long its next counter; int the
 * number of checkpoints with pending files; per checkpoint: long its id, int the number of files,
 * and the files' counters as longs. Every subtask gets all elements back, and subtask {@code j}
 * of {@code p} takes care of the files of the old subtasks {@code k} with {@code k mod p == j}:
 * it commits their pending files and deletes their other hidden files. At the same parallelism
 * that is its own; after a rescale no two subtasks touch the files of one name prefix, and a
 * subtask writes new files only under its own.
 *
 * <p>All on the task thread. Files are closed with {@code force} before they become pending, so a
 * pending file survives a crash of the machine; renames are atomic on a local or NFS directory.
 */
final class CheckpointedPartFiles {
    private static final int STATE_VERSION = 1;

    private final Path dir;
    private final int subtask;
    /** Pending files by the checkpoint whose completion commits them. */
    private final TreeMap<Long, List<Long>> pending = new TreeMap<>();
    /** Files closed (by {@code finish}) that the next checkpoint makes pending for it. */
    private final List<Long> closedSinceSnapshot = new ArrayList<>();

    private long nextCounter;
    private long currentCounter;
    private BufferedWriter writer;
    private FileChannel channel;

    /**
     * Sets up the subtask's files: when restored ({@code restored} is the union of the old subtasks'
     * elements; null on a fresh start), commits the pending files of the restored checkpoint, which
     * completed, of every old subtask this one takes care of, deletes their other hidden files
     * (written after it), and continues numbering after the restored counter and after every
     * committed file, so that no committed file is ever overwritten.
     */
    CheckpointedPartFiles(Path dir, int subtask, int parallelism, Iterable<byte[]> restored) throws IOException {
        this.dir = dir;
        this.subtask = subtask;
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            // Fail as the task opens, as without checkpoints, not at the first record.
            throw new AccessDeniedException(dir.toString(), null, "the output directory is not writable");
        }
        long counter = 0;
        if (restored != null) {
            for (byte[] element : restored) {
                Map<Long, List<Long>> theirs = new TreeMap<>();
                int[] owner = new int[1];
                long next = decode(element, owner, theirs);
                if (owner[0] % parallelism != subtask) {
                    continue;
                }
                for (List<Long> files : theirs.values()) {
                    for (long c : files) {
                        commit(owner[0], c);
                    }
                }
                if (owner[0] == subtask) {
                    counter = next;
                } else {
                    removeUncommittedAndFindNextCounter(owner[0]);
                }
            }
        }
        nextCounter = Math.max(counter, removeUncommittedAndFindNextCounter(subtask));
    }

    /** Deletes the hidden files of a subtask's prefix; returns one more than its highest committed counter. */
    private long removeUncommittedAndFindNextCounter(int prefix) throws IOException {
        String hidden = ".part-" + prefix + "-";
        String visible = "part-" + prefix + "-";
        long next = 0;
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(hidden) && (name.endsWith(".inprogress") || name.endsWith(".pending"))) {
                    Files.deleteIfExists(p);
                } else if (name.startsWith(visible)) {
                    try {
                        next = Math.max(next, Long.parseLong(name.substring(visible.length())) + 1);
                    } catch (NumberFormatException e) {
                        // not one of ours (part-<s>-<c> only)
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return next;
    }

    void write(String line) throws IOException {
        if (writer == null) {
            currentCounter = nextCounter++;
            channel = FileChannel.open(
                    inProgress(currentCounter),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            writer = new BufferedWriter(
                    new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16);
        }
        writer.write(line);
        writer.write('\n');
    }

    /** Closes the current file as pending for checkpoint {@code checkpointId}; returns this subtask's state element. */
    byte[] snapshot(long checkpointId) throws IOException {
        closeCurrentAsPending();
        if (!closedSinceSnapshot.isEmpty()) {
            pending.computeIfAbsent(checkpointId, id -> new ArrayList<>()).addAll(closedSinceSnapshot);
            closedSinceSnapshot.clear();
        }
        return encode();
    }

    /** The input has ended: the current file becomes pending for the task's final checkpoint. */
    void finish() throws IOException {
        closeCurrentAsPending();
    }

    /** Commits the pending files of every checkpoint up to {@code checkpointId}. */
    void checkpointComplete(long checkpointId) throws IOException {
        SortedMap<Long, List<Long>> done = pending.headMap(checkpointId, true);
        for (List<Long> files : done.values()) {
            for (long c : files) {
                commit(subtask, c);
            }
        }
        done.clear();
    }

    /**
     * Closes the open file, if any, and deletes it: no checkpoint names it. Pending files stay
     * for a restore to commit or delete.
     */
    void close() throws IOException {
        if (writer != null) {
            try {
                writer.close();
            } finally {
                writer = null;
                Files.deleteIfExists(inProgress(currentCounter));
            }
        }
    }

    private void closeCurrentAsPending() throws IOException {
        if (writer == null) {
            return;
        }
        writer.flush();
        channel.force(true);
        writer.close();
        writer = null;
        Files.move(inProgress(currentCounter), pendingFile(currentCounter), StandardCopyOption.ATOMIC_MOVE);
        closedSinceSnapshot.add(currentCounter);
    }

    /** Renames a pending file visible; a file committed already (by an earlier attempt) is fine. */
    private void commit(int prefix, long counter) throws IOException {
        Path from = dir.resolve(".part-" + prefix + "-" + counter + ".pending");
        Path to = dir.resolve("part-" + prefix + "-" + counter);
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } else if (!Files.exists(to)) {
            throw new IOException("the pending part file " + from + " of a completed checkpoint is gone; was the "
                    + "output directory changed while the job ran?");
        }
    }

    private Path inProgress(long counter) {
        return dir.resolve(".part-" + subtask + "-" + counter + ".inprogress");
    }

    private Path pendingFile(long counter) {
        return dir.resolve(".part-" + subtask + "-" + counter + ".pending");
    }

    private byte[] encode() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_VERSION);
            out.writeInt(subtask);
            out.writeLong(nextCounter);
            out.writeInt(pending.size());
            for (Map.Entry<Long, List<Long>> e : pending.entrySet()) {
                out.writeLong(e.getKey());
                out.writeInt(e.getValue().size());
                for (long c : e.getValue()) {
                    out.writeLong(c);
                }
            }
        }
        return bytes.toByteArray();
    }

    /** Reads {@code state}: its subtask into {@code subtaskOut[0]}, its pending files into {@code pendingOut}; returns the next counter. */
    static long decode(byte[] state, int[] subtaskOut, Map<Long, List<Long>> pendingOut) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int version = in.readInt();
            if (version != STATE_VERSION) {
                throw new IOException(
                        "the restored state of the file sink has version " + version + ", not " + STATE_VERSION);
            }
            subtaskOut[0] = in.readInt();
            if (subtaskOut[0] < 0) {
                throw new IOException("the restored state of the file sink names subtask " + subtaskOut[0]);
            }
            long next = in.readLong();
            int checkpoints = in.readInt();
            for (int i = 0; i < checkpoints; i++) {
                long id = in.readLong();
                int n = in.readInt();
                List<Long> files = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    files.add(in.readLong());
                }
                pendingOut.put(id, files);
            }
            return next;
        }
    }
}
