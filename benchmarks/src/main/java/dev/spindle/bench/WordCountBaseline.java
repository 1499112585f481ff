package dev.spindle.bench;

import dev.spindle.util.ProcessStats;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The hand-written baseline of benchmark workload W1: what a competent engineer writes without a
 * framework. The file is cut at line boundaries into one range per thread; each thread counts the
 * words of its range into its own {@link HashMap}; the maps are merged and written as
 * {@code word,count} lines to one output file. Words are separated by single spaces and lines end
 * with {@code \n}; empty words are skipped.
 *
 * <p>Deliberately plain (heap buffers, {@code String} keys, a JDK map): it stands for the practical
 * limit of an ordinary program on this machine, not for the fastest possible one.
 *
 * <p>Command line: {@code WordCountBaseline <input> <output> [threads=2]}. Prints only a summary
 * line and a {@code peak_rss_mb=<n>} line on stderr.
 */
public final class WordCountBaseline {

    static final String USAGE = "usage: WordCountBaseline <input> <output> [threads=2]";

    private static final int DEFAULT_THREADS = 2;
    private static final int READ_BUFFER_BYTES = 4 << 20;
    private static final int WRITE_BUFFER_CHARS = 1 << 16;

    private WordCountBaseline() {}

    public static void main(String[] args) {
        int exitCode = run(args, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command line without {@code System.exit}: returns the exit code, reports on {@code err}. */
    static int run(String[] args, PrintStream err) {
        if (args.length < 2 || args.length > 3) {
            err.println("WordCountBaseline: expected 2 or 3 arguments, got " + args.length + "; " + USAGE);
            return 2;
        }
        int threads = DEFAULT_THREADS;
        if (args.length == 3) {
            try {
                threads = Integer.parseInt(args[2].trim());
            } catch (NumberFormatException e) {
                threads = 0;
            }
            if (threads < 1) {
                err.println("WordCountBaseline: threads must be an integer >= 1, got '" + args[2] + "'; " + USAGE);
                return 2;
            }
        }
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        long startNanos = System.nanoTime();
        Map<String, long[]> counts;
        try {
            counts = count(input, threads, READ_BUFFER_BYTES);
            write(counts, output);
        } catch (IOException e) {
            err.println("WordCountBaseline: " + e);
            return 1;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long total = 0;
        for (long[] count : counts.values()) {
            total += count[0];
        }
        err.println(String.format(
                Locale.ROOT,
                "WordCountBaseline: %d words, %d distinct, %d threads, %.3f s",
                total,
                counts.size(),
                threads,
                seconds));
        err.println(ProcessStats.peakRssReport());
        return 0;
    }

    /** Counts the words of {@code input} with {@code threads} threads, one line-aligned range each. */
    static Map<String, long[]> count(Path input, int threads, int bufferBytes) throws IOException {
        long[] bounds;
        try (FileChannel channel = FileChannel.open(input, StandardOpenOption.READ)) {
            bounds = rangeBounds(channel, threads);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Map<String, long[]>>> parts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                long start = bounds[i];
                long end = bounds[i + 1];
                parts.add(pool.submit(() -> countRange(input, start, end, bufferBytes)));
            }
            Map<String, long[]> total = null;
            for (Future<Map<String, long[]>> part : parts) {
                Map<String, long[]> counts = await(part);
                if (total == null) {
                    total = counts;
                } else {
                    merge(counts, total);
                }
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Where each thread's range starts, plus the file size last. Range {@code i > 0} starts after
     * the first {@code \n} at or after {@code i * size / threads}, so no line is split.
     */
    static long[] rangeBounds(FileChannel channel, int threads) throws IOException {
        long size = channel.size();
        long[] bounds = new long[threads + 1];
        for (int i = 1; i < threads; i++) {
            long cut = afterNextNewline(channel, size * i / threads, size);
            bounds[i] = Math.max(bounds[i - 1], cut);
        }
        bounds[threads] = size;
        return bounds;
    }

    private static long afterNextNewline(FileChannel channel, long from, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long position = from;
        while (position < size) {
            buffer.clear();
            int read = channel.read(buffer, position);
            if (read <= 0) {
                break;
            }
            byte[] bytes = buffer.array();
            for (int i = 0; i < read; i++) {
                if (bytes[i] == '\n') {
                    return position + i + 1;
                }
            }
            position += read;
        }
        return size;
    }

    /** Counts the words in bytes {@code [start, end)} of {@code input}. */
    static Map<String, long[]> countRange(Path input, long start, long end, int bufferBytes) throws IOException {
        Map<String, long[]> counts = new HashMap<>();
        byte[] buffer = new byte[bufferBytes];
        // Bytes [0, carried) of the buffer hold the start of a word cut by the previous read.
        int carried = 0;
        try (FileChannel channel = FileChannel.open(input, StandardOpenOption.READ)) {
            long position = start;
            while (position < end) {
                if (carried == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int length = (int) Math.min(buffer.length - carried, end - position);
                ByteBuffer target = ByteBuffer.wrap(buffer, carried, length);
                while (target.hasRemaining()) {
                    int read = channel.read(target, position + (target.position() - carried));
                    if (read < 0) {
                        throw new IOException(input + " ended at " + position + ", expected " + end + " bytes");
                    }
                }
                position += length;
                int limit = carried + length;
                int wordStart = 0;
                for (int i = 0; i < limit; i++) {
                    byte b = buffer[i];
                    if (b == ' ' || b == '\n') {
                        add(counts, buffer, wordStart, i - wordStart);
                        wordStart = i + 1;
                    }
                }
                carried = limit - wordStart;
                System.arraycopy(buffer, wordStart, buffer, 0, carried);
            }
        }
        // The last line of the file may lack its '\n'.
        add(counts, buffer, 0, carried);
        return counts;
    }

    private static void add(Map<String, long[]> counts, byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        String word = new String(bytes, offset, length, StandardCharsets.UTF_8);
        long[] count = counts.get(word);
        if (count == null) {
            counts.put(word, new long[] {1});
        } else {
            count[0]++;
        }
    }

    private static void merge(Map<String, long[]> from, Map<String, long[]> into) {
        for (Map.Entry<String, long[]> entry : from.entrySet()) {
            long[] count = into.get(entry.getKey());
            if (count == null) {
                into.put(entry.getKey(), entry.getValue());
            } else {
                count[0] += entry.getValue()[0];
            }
        }
    }

    /** Writes one {@code word,count} line per word, in no particular order. */
    static void write(Map<String, long[]> counts, Path output) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer writer = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(output), StandardCharsets.UTF_8), WRITE_BUFFER_CHARS)) {
            for (Map.Entry<String, long[]> entry : counts.entrySet()) {
                writer.write(entry.getKey());
                writer.write(',');
                writer.write(Long.toString(entry.getValue()[0]));
                writer.write('\n');
            }
        }
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while counting", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("counting failed", cause);
        }
    }
}
