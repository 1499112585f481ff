package dev.spindle.api.sources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A byte range {@code [start, end)} of a file. A line belongs to the split in which its first
 * byte lies, so that splits can be cut anywhere and every line is read exactly once.
 */
public record FileSplit(Path file, long start, long end) {
    static final long MIN_SPLIT = 64 * 1024;
    static final long MAX_SPLIT = 64L << 20;

    /**
     * Cuts the files under {@code path} (a file, or a directory whose files not starting with
     * '.' or '_' are read, in name order) into splits, about two per reader so that readers
     * finish together. Every reader computes the same list.
     */
    public static List<FileSplit> plan(Path path, int readers) throws IOException {
        List<Path> files = listFiles(path);
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        long target = Math.max(MIN_SPLIT, Math.min(MAX_SPLIT, ceilDiv(total, 2L * readers)));
        List<FileSplit> splits = new ArrayList<>();
        for (Path f : files) {
            long size = Files.size(f);
            if (size == 0) {
                continue;
            }
            long pieces = Math.max(1, Math.round((double) size / target));
            long step = ceilDiv(size, pieces);
            for (long s = 0; s < size; s += step) {
                splits.add(new FileSplit(f, s, Math.min(size, s + step)));
            }
        }
        return splits;
    }

    static List<Path> listFiles(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "input file or directory does not exist");
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return !n.startsWith(".") && !n.startsWith("_");
                    })
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static long ceilDiv(long a, long b) {
        return b == 0 ? 0 : (a + b - 1) / b;
    }
}
