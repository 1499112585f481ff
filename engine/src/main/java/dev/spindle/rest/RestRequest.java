package dev.spindle.rest;

import dev.spindle.core.JobId;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;

/**
 * A request as handlers see it: decoded and detached from Netty's reference-counted buffers, so
 * that a handler may finish it on any thread.
 *
 * @param method the HTTP method
 * @param path the decoded path without the query
 * @param pathParameters values of the route's {@code {name}} segments
 * @param queryParameters the query's parameters
 * @param headers the request's headers
 * @param body the request's body (empty when it has none)
 */
public record RestRequest(
        HttpMethod method,
        String path,
        Map<String, String> pathParameters,
        Map<String, List<String>> queryParameters,
        HttpHeaders headers,
        byte[] body) {

    /** The path parameter {@code name}. */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no parameter " + name);
        }
        return value;
    }

    /** The path parameter {@code jobid} as a job id; 400 when it is not 32 hex digits. */
    public JobId jobIdParameter() throws RestException {
        try {
            return JobId.fromHex(pathParameter("jobid"));
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest(e.getMessage());
        }
    }

    /** The query parameter's only value, or null when absent; 400 when it is given twice. */
    public String queryParameter(String name) throws RestException {
        List<String> values = queryParameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw RestException.badRequest("query parameter '" + name + "' is given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    public String contentType() {
        return headers.get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE);
    }
}
