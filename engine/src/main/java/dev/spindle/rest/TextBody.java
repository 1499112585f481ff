package dev.spindle.rest;

import java.util.Objects;

/**
 * A {@link RestResponse} body that goes out as it is, as {@code text/plain; charset=utf-8}: a log file.
 *
 * @param bytes the text
 */
record TextBody(byte[] bytes) {
    TextBody {
        Objects.requireNonNull(bytes, "bytes");
    }
}
