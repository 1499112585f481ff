package dev.spindle.rest;

import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The route table: method + path template ({@code /jobs/{jobid}}) → handler. A literal segment
 * beats a parameter, so {@code /jobs/overview} wins over {@code /jobs/{jobid}} whatever the order
 * of registration. Immutable once built; safe to use from every event loop.
 */
public final class Router {
    private final List<Route> routes;

    private Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A registered route.
     *
     * @param timeout how long its answer may take, or null for the server's {@code rest.request-timeout}
     */
    public record Route(
            HttpMethod method, String template, List<String> segments, RestHandler handler, Duration timeout) {}

    /** The outcome of routing a request. */
    public sealed interface Match {}

    /** A route takes the request. */
    public record Found(Route route, Map<String, String> pathParameters) implements Match {}

    /** The path exists, but not for this method (405). */
    public record MethodNotAllowed(Set<HttpMethod> allowed) implements Match {}

    /** No route has this path (404). */
    public record NotFound() implements Match {}

    public List<Route> routes() {
        return routes;
    }

    public Match route(HttpMethod method, String path) {
        List<String> segments = split(path);
        Found best = null;
        int bestLiterals = -1;
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), segments);
            if (params == null) {
                continue;
            }
            if (!r.method().equals(method)) {
                allowed.add(r.method());
                continue;
            }
            int literals = r.segments().size() - params.size();
            if (literals > bestLiterals) {
                best = new Found(r, params);
                bestLiterals = literals;
            }
        }
        if (best != null) {
            // a parameter route may only take the request when no literal route has the path
            // for another method (PATCH /jobs/overview is 405, not a bad job id)
            if (best.pathParameters().isEmpty() || !literalPathExists(segments)) {
                return best;
            }
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    private boolean literalPathExists(List<String> segments) {
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), segments);
            if (params != null && params.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> match(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), path.get(i));
            } else if (!t.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return segments;
    }

    /** Collects routes. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        public Builder add(HttpMethod method, String template, RestHandler handler) {
            return add(method, template, handler, null);
        }

        /** A route whose answers may take up to {@code timeout}, for work with its own, longer limit. */
        public Builder add(HttpMethod method, String template, RestHandler handler, Duration timeout) {
            routes.add(new Route(method, template, split(template), handler, timeout));
            return this;
        }

        public Router build() {
            return new Router(routes);
        }
    }
}
