package dev.spindle.rest;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request the endpoint refuses, with the status and the reason the client is told. */
public class RestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;

    public RestException(HttpResponseStatus status, String message) {
        super(message);
        this.status = status;
    }

    public RestException(HttpResponseStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public static RestException badRequest(String message) {
        return new RestException(HttpResponseStatus.BAD_REQUEST, message);
    }

    public static RestException notFound(String message) {
        return new RestException(HttpResponseStatus.NOT_FOUND, message);
    }

    public HttpResponseStatus status() {
        return status;
    }
}
