package dev.spindle.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.security.ClusterSecret;
import dev.spindle.security.RestTokens;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code PUT /web/jobs/{jobid}/cancel} and {@code PUT /web/jobs/{jobid}/stop}: the web dashboard's
 * cancel and stop-with-savepoint, whose JSON body carries the cluster's token as {@code "token"}.
 *
 * <p>Why not the usual routes: the YARN ResourceManager's web proxy ({@code /proxy/<appId>/}) forwards
 * GET and PUT only (POST, DELETE and PATCH are refused by the proxy itself) and passes on a fixed
 * list of headers that leaves out {@code Authorization}. A PUT's body passes, so the token travels
 * there: never in a URL, which proxies and browsers log. {@link AuthenticationHandler} lets these two
 * routes (found by the same {@link Router} that later routes the request) through without the header;
 * here the token is checked in constant time before anything happens, then removed, and the rest of
 * the body is handed to the route that does the work ({@code PATCH /jobs/{jobid}} or {@code POST
 * /jobs/{jobid}/stop}). A missing or wrong token is a 401 and the job is left alone.
 */
final class WebActionHandlers {
    static final String CANCEL = "/web/jobs/{jobid}/cancel";
    static final String STOP = "/web/jobs/{jobid}/stop";
    private static final Set<String> TEMPLATES = Set.of(CANCEL, STOP);

    private final ClusterSecret secret;
    private final RestHandler cancel;
    private final RestHandler stop;

    /**
     * @param cancel what a cancel with the right token does ({@code PATCH /jobs/{jobid}})
     * @param stop what a stop with the right token does, given the body without the token
     */
    WebActionHandlers(ClusterSecret secret, RestHandler cancel, RestHandler stop) {
        this.secret = secret;
        this.cancel = cancel;
        this.stop = stop;
    }

    /** Whether {@code request} goes to one of these routes, which check the token themselves. */
    static boolean authenticatesItself(Router router, HttpRequest request) {
        try {
            String path = new QueryStringDecoder(request.uri()).path();
            return router.route(request.method(), path) instanceof Router.Found found
                    && TEMPLATES.contains(found.route().template());
        } catch (IllegalArgumentException e) {
            return false; // a malformed URI is the router's 400, after the usual refusal
        }
    }

    CompletableFuture<RestResponse> cancel(RestRequest request) throws RestException {
        return withToken(request, cancel);
    }

    CompletableFuture<RestResponse> stop(RestRequest request) throws RestException {
        return withToken(request, stop);
    }

    private CompletableFuture<RestResponse> withToken(RestRequest request, RestHandler target) throws RestException {
        ObjectNode body = object(request.body());
        JsonNode token = body.remove("token");
        if (token == null
                || !token.isTextual()
                || !RestTokens.matchesAuthorizationHeader(secret, "Bearer " + token.asText())) {
            throw new RestException(
                    HttpResponseStatus.UNAUTHORIZED,
                    "this action needs the cluster's token as \"token\" in the JSON body; the one given is "
                            + (token == null ? "missing" : "not the cluster's"));
        }
        byte[] rest;
        try {
            rest = Json.SERVER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a parsed JSON object can be written again", e);
        }
        return target.handle(new RestRequest(
                request.method(),
                request.path(),
                request.pathParameters(),
                request.queryParameters(),
                request.headers(),
                rest));
    }

    private static ObjectNode object(byte[] body) throws RestException {
        JsonNode node;
        try {
            node = body.length == 0 ? null : Json.SERVER.readTree(body);
        } catch (IOException e) {
            throw RestException.badRequest("the body is not JSON; send {\"token\": \"...\"}");
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw RestException.badRequest("the body must be a JSON object with the cluster's token: {\"token\": \"...\"}");
    }
}
