package dev.spindle.history.archive;

import java.util.Objects;

/**
 * One REST view of an archived job: the path a client asked ({@code /jobs/<id>/exceptions}) and the
 * JSON text the cluster answered, kept as text so that the history server serves exactly it.
 *
 * @param path the request path, without a query
 * @param json the response body
 */
public record ArchivedJson(String path, String json) {
    public ArchivedJson {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(json, "json");
    }
}
