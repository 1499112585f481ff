package dev.spindle.rest;

import java.util.Map;
import java.util.Objects;

/**
 * A {@link RestResponse} body that goes out byte for byte with its own content type and headers,
 * instead of being written as JSON: the dashboard's files ({@link WebResources}).
 *
 * @param bytes the body (empty for a 304)
 * @param contentType the {@code Content-Type}
 * @param headers further headers, e.g. {@code Cache-Control} and {@code ETag}
 */
record RawBody(byte[] bytes, String contentType, Map<String, String> headers) {
    RawBody {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        headers = Map.copyOf(headers);
    }
}
