package dev.spindle.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;

/**
 * What a handler answers: a status and a body that Jackson writes as JSON.
 *
 * @param status the HTTP status
 * @param body a record of {@link RestMessages} (or a map)
 * @param afterWrite run once the response has been written to the connection (on the event loop);
 *     null for nothing
 */
public record RestResponse(HttpResponseStatus status, Object body, Runnable afterWrite) {
    public RestResponse {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(body, "body");
    }

    public RestResponse(HttpResponseStatus status, Object body) {
        this(status, body, null);
    }

    /** This response, with {@code action} run once it has been written. */
    public RestResponse whenWritten(Runnable action) {
        return new RestResponse(status, body, action);
    }

    public static RestResponse ok(Object body) {
        return new RestResponse(HttpResponseStatus.OK, body);
    }

    public static RestResponse accepted(Object body) {
        return new RestResponse(HttpResponseStatus.ACCEPTED, body);
    }
}
