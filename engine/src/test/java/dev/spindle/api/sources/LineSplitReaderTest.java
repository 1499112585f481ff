package dev.spindle.api.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every line is read exactly once, however the file is cut into splits. */
class LineSplitReaderTest {
    @TempDir
    Path dir;

    private static List<String> readAll(List<FileSplit> splits) throws IOException {
        List<String> lines = new ArrayList<>();
        for (FileSplit s : splits) {
            try (LineSplitReader r = new LineSplitReader(s)) {
                String line;
                while ((line = r.nextLine()) != null) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    @Test
    void everyCutReadsEveryLineOnce() throws IOException {
        String text = "alpha beta\r\n\ngamma\nü and 漢字\nlast line without newline";
        Path f = dir.resolve("in.txt");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        long size = Files.size(f);
        List<String> expected = Arrays.asList("alpha beta", "", "gamma", "ü and 漢字", "last line without newline");
        for (long cut1 = 0; cut1 <= size; cut1++) {
            for (long cut2 = cut1; cut2 <= size; cut2++) {
                List<FileSplit> splits =
                        List.of(new FileSplit(f, 0, cut1), new FileSplit(f, cut1, cut2), new FileSplit(f, cut2, size));
                assertEquals(expected, readAll(splits), "cuts at " + cut1 + ", " + cut2);
            }
        }
    }

    @Test
    void linesLongerThanTheReadBufferAndPlannedSplits() throws IOException {
        Path f = dir.resolve("long.txt");
        String longLine = "x".repeat(3 << 20);
        List<String> expected = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            String line = i == 1000 ? longLine : "line " + i;
            expected.add(line);
            b.append(line).append('\n');
        }
        Files.writeString(f, b);
        List<FileSplit> splits = FileSplit.plan(f, 3);
        assertEquals(6, splits.size(), "about two splits per reader: " + splits);
        assertEquals(expected, readAll(splits));
    }

    @Test
    void aDirectoryIsReadInNameOrderSkippingHiddenFiles() throws IOException {
        Files.writeString(dir.resolve("b.txt"), "2\n");
        Files.writeString(dir.resolve("a.txt"), "1\n");
        Files.writeString(dir.resolve(".hidden"), "no\n");
        Files.writeString(dir.resolve("_SUCCESS"), "no\n");
        Files.writeString(dir.resolve("empty.txt"), "");
        assertEquals(List.of("1", "2"), readAll(FileSplit.plan(dir, 2)));
    }
}
