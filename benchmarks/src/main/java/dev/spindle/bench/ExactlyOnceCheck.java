package dev.spindle.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committed output of the keyed count ({@code dev.spindle.examples.KeyedCount}) against the
 * counts it must hold, computed without the engine: record {@code i} of {@code records} has key
 * {@code i mod keys}, so key {@code k} has {@code n_k = records / keys + (k < records mod keys ? 1
 * : 0)} records and the output must hold each line {@code k,c} for {@code 1 <= c <= n_k} exactly
 * once. The lines are counted in one array with a slot per expected line (slot {@code offset(k) +
 * c - 1}), so that a check of millions of lines needs no sorting.
 */
final class ExactlyOnceCheck {
    private final long records;
    private final long keys;
    private final int[] seen;
    private long unexpected;
    private long lines;

    ExactlyOnceCheck(long records, long keys) {
        if (records > Integer.MAX_VALUE - 8 || keys < 1) {
            throw new IllegalArgumentException("records must be at most " + (Integer.MAX_VALUE - 8)
                    + " and keys at least 1, got " + records + " and " + keys);
        }
        this.records = records;
        this.keys = keys;
        this.seen = new int[(int) records];
    }

    /** The result: {@code lost} expected lines missing, {@code duplicated} extra copies of expected lines. */
    record Result(long lines, long lost, long duplicated, long unexpected) {
        boolean exact() {
            return lost == 0 && duplicated == 0 && unexpected == 0;
        }
    }

    /** Checks the committed part files ({@code part-*}) of a sink's output directory. */
    static Result checkDirectory(Path dir, long records, long keys) throws IOException {
        ExactlyOnceCheck check = new ExactlyOnceCheck(records, keys);
        List<Path> parts;
        try (Stream<Path> files = Files.list(dir)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .sorted()
                    .toList();
        }
        if (parts.isEmpty()) {
            throw new IOException("no committed part files (part-*) in " + dir);
        }
        for (Path part : parts) {
            try (BufferedReader reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    check.add(line);
                }
            }
        }
        return check.result();
    }

    /** Counts one output line. */
    void add(String line) {
        lines++;
        int comma = line.indexOf(',');
        long key;
        long count;
        try {
            key = Long.parseLong(line.substring(0, Math.max(0, comma)));
            count = Long.parseLong(line.substring(comma + 1));
        } catch (NumberFormatException e) {
            unexpected++;
            return;
        }
        if (key < 0 || key >= keys || count < 1 || count > recordsOfKey(key)) {
            unexpected++;
            return;
        }
        int slot = (int) (offset(key) + count - 1);
        if (seen[slot] < Integer.MAX_VALUE) {
            seen[slot]++;
        }
    }

    Result result() {
        long lost = 0;
        long duplicated = 0;
        for (int n : seen) {
            if (n == 0) {
                lost++;
            } else {
                duplicated += n - 1;
            }
        }
        return new Result(lines, lost, duplicated, unexpected);
    }

    /** {@code n_k}: how many of the records have key {@code k}. */
    long recordsOfKey(long k) {
        return records / keys + (k < records % keys ? 1 : 0);
    }

    /** The number of expected lines of the keys before {@code k}. */
    private long offset(long k) {
        return k * (records / keys) + Math.min(k, records % keys);
    }
}
