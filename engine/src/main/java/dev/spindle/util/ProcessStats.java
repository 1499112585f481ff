package dev.spindle.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Resource figures of the current process, for benchmark reports. Linux only: elsewhere the
 * figures are absent rather than guessed.
 */
public final class ProcessStats {

    /** The key of the report line benchmark scripts parse from stderr. */
    public static final String PEAK_RSS_KEY = "peak_rss_mb";

    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final String PEAK_RSS_FIELD = "VmHWM:";
    private static final long BYTES_PER_MIB = 1L << 20;

    private ProcessStats() {}

    /**
     * The peak resident set size of this process so far ({@code VmHWM} of
     * {@code /proc/self/status}), or empty when that is not available (not Linux).
     */
    public static OptionalLong peakRssBytes() {
        try {
            return parsePeakRssBytes(Files.readAllLines(PROC_STATUS, StandardCharsets.ISO_8859_1));
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The report line {@code peak_rss_mb=<n>}, {@code n} in MiB (2^20 bytes) rounded to the
     * nearest, or {@code peak_rss_mb=n/a} when the figure is not available.
     */
    public static String peakRssReport() {
        OptionalLong bytes = peakRssBytes();
        String value =
                bytes.isPresent() ? Long.toString((bytes.getAsLong() + BYTES_PER_MIB / 2) / BYTES_PER_MIB) : "n/a";
        return PEAK_RSS_KEY + "=" + value;
    }

    /** Finds {@code VmHWM:   <n> kB} among the lines of a {@code /proc/<pid>/status} file. */
    static OptionalLong parsePeakRssBytes(List<String> statusLines) {
        for (String line : statusLines) {
            if (!line.startsWith(PEAK_RSS_FIELD)) {
                continue;
            }
            String[] parts = line.substring(PEAK_RSS_FIELD.length()).trim().split("\\s+");
            // The kernel always reports this field in kB (KiB); any other form is not trusted.
            if (parts.length != 2 || !parts[1].equals("kB")) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
