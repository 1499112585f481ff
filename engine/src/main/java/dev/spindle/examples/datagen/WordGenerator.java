package dev.spindle.examples.datagen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The benchmark input generator: lines of ten Zipf-distributed words {@code w1 … w100000}, single
 * spaces between words, {@code \n} after each line, whole lines while fewer than the target bytes
 * have been written. The algorithm is normative (benchmark figures are compared on the same bytes),
 * so the output for a given target and seed never changes.
 *
 * <p>Command line: {@code WordGenerator <sizeMB> <file> [seed]}, where a MB is 1,000,000 bytes.
 */
public final class WordGenerator {

    public static final long DEFAULT_SEED = 42;
    public static final int WORDS_PER_LINE = 10;
    public static final long BYTES_PER_MB = 1_000_000L;

    static final String USAGE = "usage: WordGenerator <sizeMB> <file> [seed]"
            + "  (sizeMB: integer >= 1, 1 MB = 10^6 bytes; seed: integer, default " + DEFAULT_SEED + ")";

    private static final int BUFFER_SIZE = 1 << 20;

    /** What one call of {@link #generate} wrote. */
    public record Stats(long bytes, long lines) {}

    /** Built on first use; the tables are immutable and shared by every generation. */
    private static final class Vocabulary {
        static final ZipfVocabulary INSTANCE = new ZipfVocabulary(ZipfVocabulary.DEFAULT_SIZE);
    }

    private WordGenerator() {}

    /** The vocabulary every generation draws from. */
    public static ZipfVocabulary vocabulary() {
        return Vocabulary.INSTANCE;
    }

    /**
     * Writes whole lines to {@code out} while fewer than {@code targetBytes} bytes have been
     * written, so the output exceeds the target by less than one line. Flushes but does not close
     * {@code out}; {@code out} needs no buffering of its own.
     */
    public static Stats generate(long targetBytes, long seed, OutputStream out) throws IOException {
        ZipfVocabulary vocabulary = vocabulary();
        SplitMix64 random = new SplitMix64(seed);
        int maxLineLength = WORDS_PER_LINE * (vocabulary.maxWordLength() + 1);
        byte[] buffer = new byte[BUFFER_SIZE];
        int pos = 0;
        long written = 0;
        long lines = 0;
        while (written < targetBytes) {
            if (buffer.length - pos < maxLineLength) {
                out.write(buffer, 0, pos);
                pos = 0;
            }
            int lineStart = pos;
            for (int i = 0; i < WORDS_PER_LINE; i++) {
                if (i > 0) {
                    buffer[pos++] = ' ';
                }
                byte[] word = vocabulary.encoded(vocabulary.rankOf(random.nextLong()));
                System.arraycopy(word, 0, buffer, pos, word.length);
                pos += word.length;
            }
            buffer[pos++] = '\n';
            written += pos - lineStart;
            lines++;
        }
        out.write(buffer, 0, pos);
        out.flush();
        return new Stats(written, lines);
    }

    /** Generates {@code targetBytes} into {@code file}, creating its parent directories. */
    public static Stats generate(long targetBytes, long seed, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            return generate(targetBytes, seed, out);
        }
    }

    public static void main(String[] args) {
        int exitCode = run(args, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command line without {@code System.exit}: returns the exit code, reports on {@code err}. */
    static int run(String[] args, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("WordGenerator: " + e.getMessage() + "; " + USAGE);
            return 2;
        }
        long startNanos = System.nanoTime();
        Stats stats;
        try {
            stats = generate(arguments.targetBytes(), arguments.seed(), arguments.file());
        } catch (IOException e) {
            err.println("WordGenerator: cannot write " + arguments.file() + ": " + e);
            return 1;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        err.println(String.format(
                Locale.ROOT,
                "WordGenerator: wrote %d bytes, %d lines to %s in %.3f s",
                stats.bytes(),
                stats.lines(),
                arguments.file(),
                seconds));
        return 0;
    }

    /** Validated command line arguments. */
    record Arguments(long targetBytes, Path file, long seed) {

        static Arguments parse(String[] args) {
            if (args.length < 2 || args.length > 3) {
                throw new IllegalArgumentException("expected 2 or 3 arguments, got " + args.length);
            }
            long sizeMb = parseLong(args[0], "sizeMB");
            if (sizeMb < 1 || sizeMb > Long.MAX_VALUE / BYTES_PER_MB) {
                throw new IllegalArgumentException("sizeMB must be an integer >= 1, got '" + args[0] + "'");
            }
            if (args[1].isEmpty()) {
                throw new IllegalArgumentException("file must not be empty");
            }
            Path file;
            try {
                file = Paths.get(args[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid file '" + args[1] + "': " + e.getMessage(), e);
            }
            long seed = args.length == 3 ? parseLong(args[2], "seed") : DEFAULT_SEED;
            return new Arguments(sizeMb * BYTES_PER_MB, file, seed);
        }

        private static long parseLong(String value, String name) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'", e);
            }
        }
    }
}
