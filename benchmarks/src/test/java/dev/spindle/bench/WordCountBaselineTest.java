package dev.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.examples.datagen.WordGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountBaselineTest {

    @TempDir
    static Path dir;

    private static Path oneMb;
    private static Map<String, Long> expected;

    @BeforeAll
    static void generateInput() throws IOException {
        oneMb = dir.resolve("words-1mb.txt");
        WordGenerator.generate(1_000_000L, WordGenerator.DEFAULT_SEED, oneMb);
        expected = referenceCount(Files.readString(oneMb, StandardCharsets.UTF_8));
        assertEquals(16_913L, expected.get("w1"));
    }

    @Test
    void commandLineWritesSameCountsAsReference() throws IOException {
        Path output = dir.resolve("out/counts.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = WordCountBaseline.run(
                new String[] {oneMb.toString(), output.toString()}, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exitCode, err.toString(StandardCharsets.UTF_8));
        assertEquals(expected, readOutput(output));
        List<String> report = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, report.size(), report.toString());
        assertTrue(report.get(0).contains("203640 words") && report.get(0).contains("2 threads"), report.get(0));
        assertTrue(report.get(1).matches("peak_rss_mb=(\\d+|n/a)"), report.get(1));
    }

    @Test
    void anyThreadCountAndTinyBuffersGiveSameCounts() throws IOException {
        for (int threads : new int[] {1, 2, 3, 7}) {
            assertEquals(expected, asLongs(WordCountBaseline.count(oneMb, threads, 4 << 20)), threads + " threads");
        }
        // A 3-byte buffer cuts nearly every word and forces the buffer to grow.
        assertEquals(expected, asLongs(WordCountBaseline.count(oneMb, 2, 3)));
    }

    @Test
    void edgeCasesOfSmallFiles() throws IOException {
        String[] texts = {"", "\n", "a", "a b\nb", "a b\nb\n", "one line with no end", "x  y\n\nx\n", "w1 w2\n"};
        for (String text : texts) {
            Path file = dir.resolve("small.txt");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            for (int threads : new int[] {1, 2, 5}) {
                assertEquals(
                        referenceCount(text),
                        asLongs(WordCountBaseline.count(file, threads, 2)),
                        "'" + text + "' with " + threads + " threads");
            }
        }
    }

    @Test
    void rangesStartAfterNewlineAtOrAfterCut() throws IOException {
        Path file = dir.resolve("bounds.txt");
        Files.writeString(file, "aaa\nbbb\nccc\n", StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // size 12: the cut at 6 lies in "bbb", the second range starts at "ccc".
            assertEquals(List.of(0L, 8L, 12L), asList(WordCountBaseline.rangeBounds(channel, 2)));
            // cuts at 4 and 8 are line starts: each range runs on to the end of that line.
            assertEquals(List.of(0L, 8L, 12L, 12L), asList(WordCountBaseline.rangeBounds(channel, 3)));
        }
    }

    @Test
    void badArgumentsGiveUsageAndExitCode2() {
        String[][] bad = {{}, {"in"}, {"in", "out", "0"}, {"in", "out", "two"}, {"in", "out", "2", "x"}};
        for (String[] args : bad) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(2, WordCountBaseline.run(args, new PrintStream(err, true, StandardCharsets.UTF_8)));
            String message = err.toString(StandardCharsets.UTF_8);
            assertTrue(
                    message.contains(WordCountBaseline.USAGE) && message.lines().count() == 1, message);
        }
    }

    @Test
    void missingInputIsAnErrorWithoutStackTrace() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = WordCountBaseline.run(
                new String[] {dir.resolve("absent").toString(), dir.resolve("o").toString()},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, exitCode);
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count());
    }

    /** An independent, deliberately naive count: split lines, then split on single spaces. */
    private static Map<String, Long> referenceCount(String text) {
        Map<String, Long> counts = new HashMap<>();
        for (String line : text.split("\n")) {
            for (String word : line.split(" ")) {
                if (!word.isEmpty()) {
                    counts.merge(word, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private static Map<String, Long> readOutput(Path output) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            int comma = line.lastIndexOf(',');
            Long previous = counts.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1)));
            assertEquals(null, previous, "duplicate word in output: " + line);
        }
        return counts;
    }

    private static Map<String, Long> asLongs(Map<String, long[]> counts) {
        Map<String, Long> result = new HashMap<>();
        counts.forEach((word, count) -> result.put(word, count[0]));
        return result;
    }

    private static List<Long> asList(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
