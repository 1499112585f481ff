package dev.spindle.core;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A job's identity: 128 random bits, written as 32 hex digits (as Flink's JobID). */
public record JobId(long upper, long lower) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static JobId generate() {
        return new JobId(RANDOM.nextLong(), RANDOM.nextLong());
    }

    /** Parses 32 hex digits; the message of the exception says what is wrong. */
    public static JobId fromHex(String hex) {
        if (hex == null || hex.length() != 32) {
            throw new IllegalArgumentException("a job id is 32 hex digits, got '" + hex + "'");
        }
        try {
            return new JobId(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a job id is 32 hex digits, got '" + hex + "'", e);
        }
    }

    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(upper) + HexFormat.of().toHexDigits(lower);
    }
}
