package dev.spindle.api.sources;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the lines of a text file, or of the files in a directory, in parallel: the input is cut
 * into byte-range splits and subtask {@code i} reads splits {@code i}, {@code i + p}, ...
 */
public final class FileLineSource extends AbstractSource<String> {
    private static final long serialVersionUID = 1L;

    private final String path;

    public FileLineSource(String path) {
        this.path = path;
    }

    @Override
    public void run() throws IOException {
        List<FileSplit> splits = FileSplit.plan(Path.of(path), context.parallelism());
        for (int i = context.subtaskIndex(); i < splits.size() && !cancelled; i += context.parallelism()) {
            try (LineSplitReader reader = new LineSplitReader(splits.get(i))) {
                String line;
                while ((line = reader.nextLine()) != null) {
                    output.collect(line);
                    if (cancelled) {
                        return;
                    }
                }
            }
        }
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
