package dev.spindle.api.sources;

import dev.spindle.api.operators.OperatorContext;
import dev.spindle.api.operators.Output;
import dev.spindle.api.state.ListState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the lines of a text file, or of the files in a directory, in parallel: the input is cut
 * into byte-range splits and subtask {@code i} of {@code p} reads splits {@code i}, {@code i + p},
 * ...
 *
 * <p>Its operator state is one element per run of splits still to read (see {@link
 * AbstractSource} for the encoding: five longs): the number of readers the input was planned for,
 * the number of splits that plan had ({@code -1} before the input was planned), the split being
 * read, the stride to the next split of the run, and the file offset of the next line in the
 * split being read ({@code -1}: from the split's start). A restored subtask plans the input again
 * for the same number of readers, checks the number of splits (a changed input fails the restore
 * rather than skipping or repeating lines) and resumes at exactly the next line, also at split
 * boundaries and after a last line without a trailing newline. After a rescale a subtask may read
 * several runs (scale-down) or none (scale-up). The input must not change while the job runs.
 */
public final class FileLineSource extends AbstractSource<String> {
    private static final long serialVersionUID = 1L;

    private static final long SPLIT_START = -1;

    private final String path;

    private transient ListState<byte[]> state;
    /** The runs still to read, the current one first: {planReaders, splitCount, split, stride, offset}. */
    private transient ArrayDeque<long[]> runs;
    /** The current run's split; moves on by its stride. */
    private transient long splitIndex;
    /** Where the next line of split {@code splitIndex} starts; set to r's start while r is emitted. */
    private transient long offset;
    /** Whether the first of {@link #runs} is being read, so that its position is in the fields above. */
    private transient boolean reading;

    public FileLineSource(String path) {
        this.path = path;
    }

    @Override
    public void open(OperatorContext context, Output<String> output) throws Exception {
        super.open(context, output);
        state = context.operatorStateStore().getListState(SPLITS);
        runs = new ArrayDeque<>();
        if (!context.isRestored()) {
            runs.add(
                    new long[] {context.parallelism(), -1, context.subtaskIndex(), context.parallelism(), SPLIT_START});
            return;
        }
        for (byte[] element : state.get()) {
            long[] run = decodePosition(element, 5, "file source");
            if (run[0] < 1 || run[2] < 0 || run[3] < 1 || run[4] < SPLIT_START) {
                throw new IllegalStateException(
                        "the restored position of the file source is corrupt: " + java.util.Arrays.toString(run));
            }
            runs.add(run);
        }
    }

    @Override
    public void run() throws IOException {
        Map<Long, List<FileSplit>> plans = new HashMap<>();
        while (!runs.isEmpty() && !cancelled) {
            long[] run = runs.peekFirst();
            List<FileSplit> splits = plans.get(run[0]);
            if (splits == null) {
                splits = FileSplit.plan(Path.of(path), (int) run[0]);
                plans.put(run[0], splits);
            }
            if (run[1] >= 0 && run[1] != splits.size()) {
                throw new IllegalStateException("the input " + path + " changed since the checkpoint this job is "
                        + "restored from: it has " + splits.size() + " splits now, " + run[1] + " then");
            }
            run[1] = splits.size();
            splitIndex = run[2];
            offset = run[4];
            reading = true;
            if (!readRun(splits, run)) {
                return;
            }
            reading = false;
            runs.pollFirst();
        }
    }

    /** Reads the splits of one run; false when cancelled. */
    private boolean readRun(List<FileSplit> splits, long[] run) throws IOException {
        for (; splitIndex < splits.size(); splitIndex += run[3], offset = SPLIT_START) {
            FileSplit split = splits.get((int) splitIndex);
            try (LineSplitReader reader =
                    offset == SPLIT_START ? new LineSplitReader(split) : LineSplitReader.resumeAt(split, offset)) {
                // 'offset' is where this line starts (or SPLIT_START, the same for the split's first line)
                // while it is emitted, and moves past it after.
                for (String line = reader.nextLine(); line != null; line = reader.nextLine()) {
                    output.collect(line);
                    offset = reader.position();
                    if (cancelled) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Stores what is left to read with one element per split (a run of one: its stride reaches past
     * the last split), so that a job resumed at a higher parallelism can hand the splits to different
     * subtasks; a run not planned yet (the fresh share, before {@code run}) stays one element.
     */
    @Override
    public void snapshotState(long checkpointId) {
        List<byte[]> elements = new ArrayList<>(runs.size());
        boolean first = true;
        for (long[] run : runs) {
            long split = first && reading ? splitIndex : run[2];
            long at = first && reading ? offset : run[4];
            first = false;
            if (run[1] < 0) {
                elements.add(encodePosition(run[0], run[1], split, run[3], at));
                continue;
            }
            for (; split < run[1]; split += run[3], at = SPLIT_START) {
                elements.add(encodePosition(run[0], run[1], split, run[1], at));
            }
        }
        state.update(elements);
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
