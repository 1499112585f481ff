package dev.spindle.api.sinks;

import dev.spindle.api.operators.AbstractOperator;
import dev.spindle.api.operators.GlobalInitHook;
import dev.spindle.api.operators.OneInputOperator;
import dev.spindle.api.operators.OperatorContext;
import dev.spindle.api.operators.Output;
import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.types.Types;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes each record's {@code toString()} as a line into a directory of part files.
 *
 * <p>Without checkpoints (BATCH mode, or STREAMING without a checkpoint interval) there is one
 * part file per subtask: {@code part-0}, {@code part-1}, ... A subtask writes
 * {@code .part-N.inprogress} and renames it to {@code part-N} only when its input has ended, so a
 * failed or cancelled job leaves no part file that looks complete.
 *
 * <p>With checkpoints the sink is exactly-once: a subtask writes a sequence of part files, each
 * in progress until a checkpoint, pending for that checkpoint, and committed (renamed to the
 * visible {@code part-<subtask>-<counter>}) when the checkpoint completes; a restore commits the
 * pending files of the restored checkpoint and deletes what was written after it. See
 * {@link CheckpointedPartFiles} for the names and the state.
 *
 * <p>The directory is a local (or NFS) path, written with {@code java.nio}; renames must be atomic
 * there.
 */
public final class FileSinkOperator<T> extends AbstractOperator<Void>
        implements OneInputOperator<T, Void>, GlobalInitHook {
    private static final long serialVersionUID = 1L;

    private final String directory;
    private final WriteMode writeMode;

    private transient Path inProgress;
    private transient Path target;
    private transient BufferedWriter writer;
    private transient boolean committed;
    /** The part files when the job takes checkpoints; null without. */
    private transient CheckpointedPartFiles parts;

    private transient ListState<byte[]> state;

    /** The sink's operator state: one element per subtask, see {@link CheckpointedPartFiles}. */
    private static final ListStateDescriptor<byte[]> PART_FILES = new ListStateDescriptor<>("part-files", Types.BYTES);

    public FileSinkOperator(String directory, WriteMode writeMode) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.writeMode = Objects.requireNonNull(writeMode, "writeMode");
    }

    @Override
    public void initializeGlobal(int parallelism) throws IOException {
        Path dir = Path.of(directory);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir + ": the output path is a file; name a directory");
        }
        Files.createDirectories(dir);
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                boolean ours = name.startsWith("part-") || name.startsWith(".part-");
                if (writeMode == WriteMode.NO_OVERWRITE) {
                    throw new FileAlreadyExistsException(
                            dir.toString(),
                            null,
                            "the output directory is not empty; remove it or write with WriteMode.OVERWRITE");
                }
                if (ours && Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
    }

    @Override
    public void open(OperatorContext context, Output<Void> output) throws Exception {
        super.open(context, output);
        Path dir = Path.of(directory);
        if (context.checkpointingEnabled()) {
            state = context.operatorStateStore().getUnionListState(PART_FILES);
            parts = new CheckpointedPartFiles(
                    dir, context.subtaskIndex(), context.parallelism(), context.isRestored() ? state.get() : null);
            return;
        }
        Files.createDirectories(dir);
        target = dir.resolve("part-" + context.subtaskIndex());
        inProgress = dir.resolve(".part-" + context.subtaskIndex() + ".inprogress");
        writer = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(inProgress), StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void processElement(T record) throws IOException {
        if (parts != null) {
            parts.write(String.valueOf(record));
            return;
        }
        writer.write(String.valueOf(record));
        writer.write('\n');
    }

    @Override
    public void finish() throws IOException {
        if (parts != null) {
            parts.finish(); // pending: the task's final checkpoint commits it
            return;
        }
        writer.close();
        Files.move(inProgress, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    @Override
    public void snapshotState(long checkpointId) throws IOException {
        if (parts != null) {
            state.update(List.of(parts.snapshot(checkpointId)));
        }
    }

    @Override
    public boolean keepsOperatorState() {
        return true; // its pending part files
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws IOException {
        if (parts != null) {
            parts.checkpointComplete(checkpointId);
        }
    }

    @Override
    public void close() throws IOException {
        if (parts != null) {
            parts.close();
            return;
        }
        if (!committed && writer != null) {
            try {
                writer.close();
            } finally {
                Files.deleteIfExists(inProgress);
            }
        }
    }
}
