package dev.spindle.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.rest.WebResources;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the history server's requests, read-only: {@code GET /config}; every archived view from
 * the unpacked files ({@code /jobs/overview} merged over all jobs); the dashboard's static files
 * from {@link WebResources#ROOT} (the REST endpoint's), or, without them, a plain page listing the
 * archived jobs at {@code /}. Another method is 405, an unknown path 404, both as
 * {@code {"errors":[...]}}. Paths pass {@link HistoryPaths}, so none reaches a file outside the
 * views or the dashboard. Runs on the event loop; the files are small and local.
 */
@ChannelHandler.Sharable
final class HistoryRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryRequestHandler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String JSON = "application/json; charset=utf-8";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", JSON,
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "woff2", "font/woff2");

    private final Path views;
    private final byte[] config;

    /**
     * @param views the unpacked views ({@link ArchiveFetcher#views()})
     * @param config the body of {@code GET /config}
     */
    HistoryRequestHandler(Path views, byte[] config) {
        this.views = views;
        this.config = config.clone();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            error(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", false);
            return;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            error(ctx, HttpResponseStatus.BAD_REQUEST, "malformed URI", keepAlive);
            return;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            FullHttpResponse r = response(
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    JSON,
                    errors(request.method() + " is not allowed on " + path + "; the history server is read-only"));
            r.headers().set(HttpHeaderNames.ALLOW, "GET");
            send(ctx, r, keepAlive);
            return;
        }
        try {
            send(ctx, answer(path), keepAlive);
        } catch (IOException e) {
            LOG.warn("GET {} failed: {}", path, e.toString());
            error(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "the view could not be read", keepAlive);
        }
    }

    private FullHttpResponse answer(String path) throws IOException {
        if (path.equals("/config")) {
            return response(HttpResponseStatus.OK, JSON, config);
        }
        Path view = HistoryPaths.viewFile(views, path);
        if (view != null) {
            try {
                return response(HttpResponseStatus.OK, JSON, Files.readAllBytes(view));
            } catch (NoSuchFileException e) {
                // not a view: a static file, or nothing
            }
        }
        List<String> segments = HistoryPaths.segments(path);
        if (segments != null) {
            // The dashboard's page at /, its files at /web/<file> (as the REST endpoint serves them).
            String file = segments.isEmpty()
                    ? "index.html"
                    : segments.size() == 2 && segments.get(0).equals("web") ? segments.get(1) : null;
            byte[] resource = file == null ? null : resource(file);
            if (resource != null) {
                return response(HttpResponseStatus.OK, type(file), resource);
            }
            if (segments.isEmpty()) {
                return response(HttpResponseStatus.OK, TYPES.get("html"), plainIndex());
            }
        }
        return response(HttpResponseStatus.NOT_FOUND, JSON, errors("not found: " + path));
    }

    /** A file of the dashboard; null when there is none (only names with an extension: never a directory). */
    private static byte[] resource(String file) throws IOException {
        if (!file.substring(file.lastIndexOf('/') + 1).contains(".")) {
            return null;
        }
        try (InputStream in =
                HistoryRequestHandler.class.getClassLoader().getResourceAsStream(WebResources.ROOT + "/" + file)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static String type(String file) {
        String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** Without the dashboard: the archived jobs, each linking to its JSON view (relative links). */
    private byte[] plainIndex() throws IOException {
        JsonNode overview =
                MAPPER.readTree(views.resolve("jobs").resolve("overview.json").toFile());
        StringBuilder html = new StringBuilder(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Spindle history server</title></head>"
                        + "<body><h1>Spindle history server</h1><p>Archived jobs (<a href=\"jobs/overview\">JSON</a>):"
                        + "</p><table><tr><th>Job</th><th>Name</th><th>State</th></tr>");
        for (JsonNode job : overview.path("jobs")) {
            String id = escape(job.path("jid").asText());
            html.append("<tr><td><a href=\"jobs/")
                    .append(id)
                    .append("\">")
                    .append(id)
                    .append("</a></td><td>")
                    .append(escape(job.path("name").asText()))
                    .append("</td><td>")
                    .append(escape(job.path("state").asText()))
                    .append("</td></tr>");
        }
        return html.append("</table></body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static byte[] errors(String message) {
        try {
            return MAPPER.writeValueAsBytes(Map.of("errors", List.of(message)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, String type, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .set("X-Content-Type-Options", "nosniff")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    private static void error(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive) {
        send(ctx, response(status, JSON, errors(message)), keepAlive);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Closing a history server connection: {}", cause.toString());
        ctx.close();
    }
}
