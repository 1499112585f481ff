package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.examples.datagen.WordGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** WordCount on generated input, checked against counts computed here independently. */
class WordCountTest {
    @TempDir
    static Path dir;

    static Path input;
    static Map<String, Long> expected;

    @BeforeAll
    static void generate() throws IOException {
        input = dir.resolve("words.txt");
        WordGenerator.generate(2_000_000, 7, input);
        expected = new HashMap<>();
        for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
            for (String w : line.split(" ")) {
                expected.merge(w, 1L, Long::sum);
            }
        }
    }

    @AfterEach
    void resetContext() {
        StreamExecutionEnvironment.resetContext();
    }

    @ParameterizedTest(name = "{0} mode, parallelism {1}")
    @CsvSource({"batch, 2", "batch, 1", "batch, 3", "streaming, 2"})
    void countsMatchIndependentCount(String mode, int parallelism) throws Exception {
        Path out = dir.resolve("out-" + mode + "-" + parallelism);
        StreamExecutionEnvironment.initializeContext(
                () -> StreamExecutionEnvironment.createLocalEnvironment(parallelism));
        WordCount.main(new String[] {"--input", input.toString(), "--output", out.toString(), "--mode", mode});

        Map<String, Long> actual = readCounts(out, mode.equals("streaming"));
        assertEquals(expected.size(), actual.size());
        assertEquals(expected, actual);
        try (Stream<Path> parts = Files.list(out)) {
            List<String> names =
                    parts.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(parallelism, names.size(), "one part file per sink subtask: " + names);
            assertFalse(names.stream().anyMatch(n -> n.startsWith(".")), "no in-progress files left: " + names);
        }
    }

    /** Batch writes one line per word; streaming writes running counts, whose maximum is the total. */
    private static Map<String, Long> readCounts(Path out, boolean running) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path p : parts.toList()) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    int comma = line.lastIndexOf(',');
                    String word = line.substring(0, comma);
                    long n = Long.parseLong(line.substring(comma + 1));
                    if (running) {
                        counts.merge(word, n, Math::max);
                    } else {
                        assertTrue(counts.put(word, n) == null, "word written twice in batch mode: " + word);
                    }
                }
            }
        }
        return counts;
    }

    @Test
    void streamingEmitsAnUpdatePerWord() throws Exception {
        Path out = dir.resolve("out-streaming-updates");
        StreamExecutionEnvironment.initializeContext(() -> StreamExecutionEnvironment.createLocalEnvironment(2));
        WordCount.main(new String[] {"--input", input.toString(), "--output", out.toString(), "--mode", "streaming"});
        long lines = 0;
        try (Stream<Path> parts = Files.list(out)) {
            for (Path p : parts.toList()) {
                lines += Files.readAllLines(p).size();
            }
        }
        assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(), lines);
    }
}
