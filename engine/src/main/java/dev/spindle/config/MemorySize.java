package dev.spindle.config;

import java.util.Locale;

/**
 * A number of bytes, written as in Flink's configuration: {@code 32kb}, {@code 1024m},
 * {@code 1 gb}, or a plain number of bytes.
 */
public record MemorySize(long bytes) implements Comparable<MemorySize> {

    public MemorySize {
        if (bytes < 0) {
            throw new IllegalArgumentException("memory size must not be negative: " + bytes);
        }
    }

    public static MemorySize ofMebiBytes(long mb) {
        return new MemorySize(Math.multiplyExact(mb, 1L << 20));
    }

    public long mebiBytes() {
        return bytes >> 20;
    }

    /** Parses {@code 123}, {@code 32k}, {@code 32kb}, {@code 64 mb}, {@code 2g}, {@code 1t}. */
    public static MemorySize parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a memory size: '" + text + "' (expected e.g. 512m, 32kb, 1g)");
        }
        long number;
        try {
            number = Long.parseLong(s.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("memory size out of range: '" + text + "'", e);
        }
        String unit = s.substring(i).trim();
        long multiplier = switch (unit) {
            case "", "b", "bytes" -> 1L;
            case "k", "kb", "kib", "kibibytes" -> 1L << 10;
            case "m", "mb", "mib", "mebibytes" -> 1L << 20;
            case "g", "gb", "gib", "gibibytes" -> 1L << 30;
            case "t", "tb", "tib", "tebibytes" -> 1L << 40;
            default ->
                throw new IllegalArgumentException(
                        "unknown memory unit '" + unit + "' in '" + text + "' (use b, k, m, g or t)");
        };
        try {
            return new MemorySize(Math.multiplyExact(number, multiplier));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("memory size out of range: '" + text + "'", e);
        }
    }

    @Override
    public int compareTo(MemorySize other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public String toString() {
        if (bytes != 0) {
            if (bytes % (1L << 30) == 0) {
                return (bytes >> 30) + "g";
            }
            if (bytes % (1L << 20) == 0) {
                return (bytes >> 20) + "m";
            }
            if (bytes % (1L << 10) == 0) {
                return (bytes >> 10) + "k";
            }
        }
        return bytes + "b";
    }
}
