package dev.spindle.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;

/**
 * What a handler answers: a status and a body that Jackson writes as JSON.
 *
 * @param status the HTTP status
 * @param body a record of {@link RestMessages} (or a map)
 */
public record RestResponse(HttpResponseStatus status, Object body) {
    public RestResponse {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(body, "body");
    }

    public static RestResponse ok(Object body) {
        return new RestResponse(HttpResponseStatus.OK, body);
    }

    public static RestResponse accepted(Object body) {
        return new RestResponse(HttpResponseStatus.ACCEPTED, body);
    }
}
