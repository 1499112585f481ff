package dev.spindle.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The output of the keyed count ({@code KeyedCount}) that recovery tests compare: computed without
 * the engine, and as committed by the exactly-once file sink.
 */
public final class KeyedCountOutput {
    private KeyedCountOutput() {}

    /** Record i has key i mod {@code keys}: every key's {@code key,count} lines 1..n, sorted. */
    public static List<String> expected(long records, long keys) {
        long[] perKey = new long[(int) keys];
        for (long i = 0; i < records; i++) {
            perKey[(int) (i % keys)]++;
        }
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            for (long c = 1; c <= perKey[k]; c++) {
                lines.add(k + "," + c);
            }
        }
        lines.sort(null);
        return lines;
    }

    /** The lines of the committed part files ({@code part-*}, not the hidden ones), sorted. */
    public static List<String> committedLines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        lines.sort(null);
        return lines;
    }
}
