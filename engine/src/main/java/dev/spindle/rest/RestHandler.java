package dev.spindle.rest;

import java.util.concurrent.CompletableFuture;

/**
 * Answers the requests of one route. Called on a Netty event loop, so it must not block: it
 * returns at once with a future (of the gateway, or of work handed to the server's I/O executor),
 * which may complete on any thread.
 */
@FunctionalInterface
public interface RestHandler {

    /**
     * @return the response; exceptionally with {@link RestException} for a refused request, any
     *     other exception becomes a 4xx/5xx as {@link RestErrors} maps it
     * @throws RestException when the request is refused at once
     */
    CompletableFuture<RestResponse> handle(RestRequest request) throws RestException;
}
