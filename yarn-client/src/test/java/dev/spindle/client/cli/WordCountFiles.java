package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/** Input and expected output of the examples' WordCount, computed without Spindle. */
final class WordCountFiles {
    private WordCountFiles() {}

    /** Lines of 1..12 words from a small vocabulary, single spaces; returns each word's count. */
    static Map<String, Long> writeWords(Path file, int lines, Random random) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        List<String> text = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            StringBuilder line = new StringBuilder();
            int words = 1 + random.nextInt(12);
            for (int w = 0; w < words; w++) {
                // Squaring skews the draw, so that a few words are frequent and many are rare.
                double r = random.nextDouble();
                String word = "w" + (int) (r * r * 60);
                line.append(w == 0 ? "" : " ").append(word);
                counts.merge(word, 1L, Long::sum);
            }
            text.add(line.toString());
        }
        Files.write(file, text, StandardCharsets.UTF_8);
        return counts;
    }

    static Map<String, Long> readCounts(Path output) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        List<Path> parts;
        try (Stream<Path> files = Files.list(output)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList();
        }
        assertFalse(parts.isEmpty(), "no part files in " + output);
        for (Path part : parts) {
            for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                int comma = line.lastIndexOf(',');
                Long previous = counts.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1)));
                assertNull(previous, () -> "word written twice: " + line);
            }
        }
        return counts;
    }

    /** The examples jar is a test dependency of this module; Maven puts it on the test class path. */
    static Path examplesJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith("-examples.jar")) {
                return Path.of(entry);
            }
        }
        throw new IllegalStateException("no *-examples.jar on the test class path (build with 'mvn verify' "
                + "from the root, so that the engine module is packaged first): "
                + System.getProperty("java.class.path"));
    }
}
