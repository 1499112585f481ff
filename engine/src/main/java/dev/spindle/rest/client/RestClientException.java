package dev.spindle.rest.client;

import java.io.IOException;

/** The REST endpoint answered with an error status; carries the status and the server's reasons. */
public class RestClientException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String serverMessage;

    public RestClientException(int statusCode, String serverMessage) {
        super("the cluster answered " + statusCode + ": " + serverMessage);
        this.statusCode = statusCode;
        this.serverMessage = serverMessage;
    }

    public int statusCode() {
        return statusCode;
    }

    /** The server's error text (its {@code errors}, joined), or the raw body when it was not JSON. */
    public String serverMessage() {
        return serverMessage;
    }
}
