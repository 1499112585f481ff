package dev.spindle.api.sources;

import dev.spindle.api.operators.OperatorContext;
import dev.spindle.api.operators.Output;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the lines of a text file, or of the files in a directory, in parallel: the input is cut
 * into byte-range splits and subtask {@code i} reads splits {@code i}, {@code i + p}, ...
 *
 * <p>Its operator state is its read position (see {@link AbstractSource} for the encoding: three
 * longs): the index of the split being read in the planned list, the file offset of the next line
 * in that split ({@code -1}: from the split's start), and the number of planned splits ({@code -1}
 * before the input was planned). A restored subtask re-plans the same splits, checks their number
 * (a changed input fails the restore rather than skipping or repeating lines) and resumes at
 * exactly the next line, also at split boundaries and after a last line without a trailing
 * newline. The input must not change while the job runs.
 */
public final class FileLineSource extends AbstractSource<String> {
    private static final long serialVersionUID = 1L;

    private static final long SPLIT_START = -1;

    private final String path;

    private transient long splitIndex;
    /** Where the next line of split {@code splitIndex} starts; set to r's start while r is emitted. */
    private transient long offset;

    private transient long splitCount;

    public FileLineSource(String path) {
        this.path = path;
    }

    @Override
    public void open(OperatorContext context, Output<String> output) throws Exception {
        super.open(context, output);
        splitIndex = context.subtaskIndex();
        offset = SPLIT_START;
        splitCount = -1;
        byte[] restored = context.restoredOperatorState();
        if (restored != null) {
            long[] position = decodePosition(restored, 3, "file source");
            if (position[0] < 0 || (position[0] - context.subtaskIndex()) % context.parallelism() != 0) {
                throw new IllegalStateException("the restored split " + position[0] + " of the file source is not one"
                        + " that subtask " + context.subtaskIndex() + " of " + context.parallelism() + " reads");
            }
            splitIndex = position[0];
            offset = position[1];
            splitCount = position[2];
        }
    }

    @Override
    public void run() throws IOException {
        List<FileSplit> splits = FileSplit.plan(Path.of(path), context.parallelism());
        if (splitCount >= 0 && splitCount != splits.size()) {
            throw new IllegalStateException("the input " + path + " changed since the checkpoint this job is restored"
                    + " from: it has " + splits.size() + " splits now, " + splitCount + " then");
        }
        splitCount = splits.size();
        for (; splitIndex < splits.size() && !cancelled; splitIndex += context.parallelism(), offset = SPLIT_START) {
            FileSplit split = splits.get((int) splitIndex);
            try (LineSplitReader reader =
                    offset == SPLIT_START ? new LineSplitReader(split) : LineSplitReader.resumeAt(split, offset)) {
                // 'offset' is where this line starts (or SPLIT_START, the same for the split's first line)
                // while it is emitted, and moves past it after.
                for (String line = reader.nextLine(); line != null; line = reader.nextLine()) {
                    output.collect(line);
                    offset = reader.position();
                    if (cancelled) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public byte[] snapshotState(long checkpointId) {
        return encodePosition(splitIndex, offset, splitCount);
    }

    @Override
    public boolean isBounded() {
        return true;
    }

    @Override
    public boolean isParallel() {
        return true;
    }
}
