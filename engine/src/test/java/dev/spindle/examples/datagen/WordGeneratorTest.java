package dev.spindle.examples.datagen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the generator against the fingerprints in docs/benchmarks.md (the input is defined to the byte). */
class WordGeneratorTest {

    private static final long ONE_MB = 1_000_000L;

    private static byte[] oneMb;
    private static WordGenerator.Stats oneMbStats;

    @BeforeAll
    static void generateOneMb() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 21);
        oneMbStats = WordGenerator.generate(ONE_MB, WordGenerator.DEFAULT_SEED, out);
        oneMb = out.toByteArray();
    }

    @Test
    void totalWeightMatchesSpec() {
        assertEquals(51_926_732_410L, WordGenerator.vocabulary().totalWeight());
        assertEquals(100_000, WordGenerator.vocabulary().size());
    }

    @Test
    void oneMbSizeAndLines() {
        assertEquals(1_000_038L, oneMb.length);
        assertEquals(1_000_038L, oneMbStats.bytes());
        assertEquals(20_364L, oneMbStats.lines());
        long newlines = 0;
        for (byte b : oneMb) {
            if (b == '\n') {
                newlines++;
            }
        }
        assertEquals(20_364L, newlines);
        assertEquals('\n', oneMb[oneMb.length - 1]);
    }

    @Test
    void oneMbSha256() throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(oneMb);
        assertEquals(
                "d5fd0ba955f843aba8dcd49d781bd312542dcbcb98eba773d94c8ae3c6e59f15",
                HexFormat.of().formatHex(digest));
    }

    @Test
    void oneMbFirstLineAndCounts() {
        String text = new String(oneMb, StandardCharsets.US_ASCII);
        assertEquals("w1992 w1 w2 w11 w2806 w1380 w286 w95 w44 w5446", text.substring(0, text.indexOf('\n')));
        Map<String, Integer> counts = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] words = line.split(" ");
            assertEquals(WordGenerator.WORDS_PER_LINE, words.length, line);
            for (String word : words) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        assertEquals(16_913, counts.get("w1"));
        assertEquals(8_397, counts.get("w2"));
        assertEquals(5_642, counts.get("w3"));
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
        assertArrayEquals(oneMb, generate(ONE_MB, WordGenerator.DEFAULT_SEED));
        byte[] other = generate(ONE_MB, 43);
        assertFalse(java.util.Arrays.equals(oneMb, other));
    }

    @Test
    void writesWholeLinesWhileBelowTarget() throws IOException {
        assertEquals(0, generate(0, 42).length);
        byte[] oneLine = generate(1, 42);
        assertEquals(
                "w1992 w1 w2 w11 w2806 w1380 w286 w95 w44 w5446\n", new String(oneLine, StandardCharsets.US_ASCII));
        // A target exactly at a line end stops there; one byte more adds a whole line.
        assertEquals(oneLine.length, generate(oneLine.length, 42).length);
        byte[] twoLines = generate(oneLine.length + 1, 42);
        assertEquals(2, new String(twoLines, StandardCharsets.US_ASCII).split("\n").length);
    }

    @Test
    void rankOfHonoursCumulativeBoundaries() {
        ZipfVocabulary vocabulary = new ZipfVocabulary(3);
        // W = 2^32, 2^31, floor(2^32 / 3) = 1431655765; C = 4294967296, 6442450944, 7874106709.
        assertEquals(7_874_106_709L, vocabulary.totalWeight());
        assertEquals(1, vocabulary.rankOf(0L));
        assertEquals(1, vocabulary.rankOf((4_294_967_296L - 1) << 11));
        assertEquals(2, vocabulary.rankOf(4_294_967_296L << 11));
        assertEquals(3, vocabulary.rankOf(6_442_450_944L << 11));
        assertEquals(3, vocabulary.rankOf((7_874_106_709L - 1) << 11));
        assertEquals(1, vocabulary.rankOf(7_874_106_709L << 11));
    }

    @Test
    void rankOfFindsSmallestRankAboveDrawAtEveryBoundary() {
        ZipfVocabulary vocabulary = WordGenerator.vocabulary();
        long[] cumulative = new long[vocabulary.size()];
        long sum = 0;
        for (int k = 1; k <= cumulative.length; k++) {
            sum += (1L << 32) / k;
            cumulative[k - 1] = sum;
        }
        for (int k = 1; k <= cumulative.length; k++) {
            long below = k == 1 ? 0 : cumulative[k - 2];
            assertEquals(k, vocabulary.rankOf(below << 11), "first draw of rank " + k);
            assertEquals(k, vocabulary.rankOf((cumulative[k - 1] - 1) << 11), "last draw of rank " + k);
        }
        // The low 11 bits are discarded; the top of the 53-bit range wraps modulo T.
        assertEquals(vocabulary.rankOf(0L), vocabulary.rankOf(0x7FFL));
        long top = (-1L) >>> 11;
        assertEquals(vocabulary.rankOf((top % sum) << 11), vocabulary.rankOf(-1L));
    }

    @Test
    void commandLineWritesFileAndReports(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nested/dir/words.txt");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = WordGenerator.run(
                new String[] {"1", file.toString()}, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exitCode);
        assertArrayEquals(oneMb, Files.readAllBytes(file));
        String report = err.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("1000038 bytes") && report.contains("20364 lines"), report);
    }

    @Test
    void commandLineRejectsBadArguments(@TempDir Path dir) {
        String file = dir.resolve("w.txt").toString();
        String[][] bad = {
            {},
            {"1"},
            {"x", file},
            {"0", file},
            {"-3", file},
            {"0.5", file},
            {"1", file, "s"},
            {"1", file, "42", "extra"},
            {"1", ""}
        };
        for (String[] args : bad) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exitCode = WordGenerator.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, exitCode, String.join(" ", args));
            assertTrue(message.contains("usage: WordGenerator <sizeMB> <file> [seed]"), message);
            assertEquals(1, message.lines().count(), message);
        }
        assertFalse(Files.exists(Path.of(file)));
    }

    private static byte[] generate(long targetBytes, long seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WordGenerator.generate(targetBytes, seed, out);
        return out.toByteArray();
    }
}
