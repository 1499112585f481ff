package dev.spindle.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code GET /} and {@code GET /web/{file}}: the web dashboard, static files bundled in the engine's jar
 * under {@code dev/spindle/rest/web/} (no build step, nothing loaded from the internet). The page
 * uses relative URLs only, so that it works under the YARN ResourceManager's web proxy
 * ({@code /proxy/<appId>/}) as well as on the endpoint itself (docs/dashboard.md).
 *
 * <p>Every file is revalidated ({@code Cache-Control: no-cache} with an {@code ETag}, answered 304
 * when unchanged): a browser never runs the script of an older engine after an upgrade. A strict
 * {@code Content-Security-Policy} allows scripts, styles and requests of the page's own origin
 * only. Files are read once and kept; names are checked against a plain pattern before any lookup,
 * so no path leaves the directory.
 */
public final class WebResources {
    /**
     * The classpath directory (no leading or trailing slash) of {@code index.html} and its assets:
     * the history server serves the same files, so that it shows the same dashboard for archived jobs.
     */
    public static final String ROOT = "dev/spindle/rest/web";

    static final String DIRECTORY = ROOT + "/";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'none'";

    private record File(byte[] bytes, String type, String etag) {}

    private final ClassLoader loader;
    private final Map<String, Optional<File>> files = new ConcurrentHashMap<>();

    WebResources() {
        this(WebResources.class.getClassLoader());
    }

    WebResources(ClassLoader loader) {
        this.loader = loader;
    }

    /** {@code GET /}: the dashboard's page. */
    CompletableFuture<RestResponse> index(RestRequest request) throws RestException {
        return serve("index.html", request);
    }

    /** {@code GET /web/{file}}. */
    CompletableFuture<RestResponse> file(RestRequest request) throws RestException {
        return serve(request.pathParameter("file"), request);
    }

    private CompletableFuture<RestResponse> serve(String name, RestRequest request) throws RestException {
        File file = NAME.matcher(name).matches()
                ? files.computeIfAbsent(name, this::load).orElse(null)
                : null;
        if (file == null) {
            throw RestException.notFound("no such file of the dashboard: " + name);
        }
        Map<String, String> headers = Map.of(
                HttpHeaderNames.CACHE_CONTROL.toString(),
                "no-cache",
                HttpHeaderNames.ETAG.toString(),
                file.etag(),
                "X-Content-Type-Options",
                "nosniff",
                "Content-Security-Policy",
                POLICY);
        if (file.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            return CompletableFuture.completedFuture(
                    new RestResponse(HttpResponseStatus.NOT_MODIFIED, new RawBody(new byte[0], file.type(), headers)));
        }
        return CompletableFuture.completedFuture(RestResponse.ok(new RawBody(file.bytes(), file.type(), headers)));
    }

    private Optional<File> load(String name) {
        try (InputStream in = loader.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return Optional.of(new File(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the dashboard's " + name, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
