package dev.spindle.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The REST views archived for each job that ended (and which the history server then serves), as
 * route templates: {@code {jobid}} is the job's id, {@code {vertexid}} each of its vertices' ids
 * (one view per vertex). A route added later is archived by adding its template here; a template
 * without a GET route on this endpoint is skipped, so the list may name routes that come later.
 *
 * <p>{@code /jobs/overview} is the overview of all jobs on the live endpoint; its archived copy holds
 * the archived job's entry only (the history server merges them).
 *
 * <p>Configuration views ({@code .../config}) are redacted by the endpoint; an archive, kept long
 * and served to anyone who reaches the history server, goes through {@link #redact} as well, so a
 * view that missed it cannot leave a secret there.
 */
public final class ArchivedViews {
    /** The path whose archived copy is reduced to the job's own entry. */
    public static final String JOBS_OVERVIEW = "/jobs/overview";

    public static final List<String> TEMPLATES = List.of(
            JOBS_OVERVIEW,
            "/jobs/{jobid}",
            "/jobs/{jobid}/exceptions",
            "/jobs/{jobid}/checkpoints",
            "/jobs/{jobid}/checkpoints/config",
            "/jobs/{jobid}/config",
            "/jobs/{jobid}/plan");

    /** What a secret value is replaced with, as the endpoint's configuration views show it. */
    public static final String REDACTED = Redaction.HIDDEN;

    private ArchivedViews() {}

    /** Whether the value of an option named {@code name} is a secret (the name holds one of the words). */
    static boolean isSecret(String name) {
        return Redaction.isSensitive(name);
    }

    /**
     * {@code view} with secret values replaced by {@link #REDACTED}, when it is a configuration view
     * (its path ends with {@code /config}): the scalar value of a field whose name is secret, and the
     * {@code value} of a {@code {"key": <secret name>, "value": ...}} entry. Other views are returned as
     * they are. Changes {@code view} in place.
     */
    static JsonNode redact(String path, JsonNode view) {
        if (path.endsWith("/config")) {
            redact(view);
        }
        return view;
    }

    private static void redact(JsonNode node) {
        if (node instanceof ArrayNode array) {
            array.forEach(ArchivedViews::redact);
        } else if (node instanceof ObjectNode object) {
            JsonNode key = object.get("key");
            boolean entry = key != null && key.isTextual() && object.has("value");
            if (entry && isSecret(key.asText()) && !object.get("value").isContainerNode()) {
                object.put("value", REDACTED);
            }
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
            for (Map.Entry<String, JsonNode> field : fields) {
                boolean entryKey = entry && field.getKey().equals("key");
                if (!entryKey && isSecret(field.getKey()) && !field.getValue().isContainerNode()) {
                    object.put(field.getKey(), REDACTED);
                } else {
                    redact(field.getValue());
                }
            }
        }
    }
}
