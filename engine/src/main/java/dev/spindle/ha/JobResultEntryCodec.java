package dev.spindle.ha;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import java.io.IOException;
import java.util.Locale;

/**
 * The file format of a job result entry: a small JSON object with a {@code version}, so that a
 * JobManager of a later release that changes the format can tell the files apart, and one of an
 * earlier release refuses a file it cannot read instead of misreading it.
 *
 * <pre>
 * {"version":1,"jobId":"…32 hex digits…","jobName":"…","status":"FINISHED",
 *  "startTime":1700000000000,"endTime":1700000060000,"failureMessage":null}
 * </pre>
 */
final class JobResultEntryCodec {
    static final int VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private JobResultEntryCodec() {}

    static byte[] encode(JobResultEntry entry) {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", VERSION);
        node.put("jobId", entry.jobId().toString());
        node.put("jobName", entry.jobName());
        node.put("status", entry.status().name());
        node.put("startTime", entry.startTime());
        node.put("endTime", entry.endTime());
        node.put("failureMessage", entry.failureMessage());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the job result of " + entry.jobId(), e);
        }
    }

    /**
     * Reads an entry written by {@link #encode}.
     *
     * @param source the file it was read from, for the messages
     * @throws IOException naming {@code source} and what is wrong: not JSON, an unknown version, a
     *     missing or malformed field
     */
    static JobResultEntry decode(byte[] bytes, String source) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("The job result file " + source + " is not valid JSON: " + firstLine(e), e);
        }
        if (node == null || !node.isObject()) {
            throw new IOException("The job result file " + source + " does not hold a JSON object");
        }
        JsonNode version = node.get("version");
        if (version == null || !version.isInt()) {
            throw new IOException("The job result file " + source + " has no version number");
        }
        if (version.intValue() != VERSION) {
            throw new IOException("The job result file " + source + " has version " + version.intValue()
                    + ", which this Spindle cannot read (it reads version " + VERSION
                    + "): it was written by another release");
        }
        try {
            JobStatus status = JobStatus.valueOf(text(node, "status").toUpperCase(Locale.ROOT));
            return new JobResultEntry(
                    JobId.fromHex(text(node, "jobId")),
                    text(node, "jobName"),
                    status,
                    number(node, "startTime"),
                    number(node, "endTime"),
                    node.path("failureMessage").isTextual()
                            ? node.get("failureMessage").textValue()
                            : null);
        } catch (IllegalArgumentException e) {
            throw new IOException("The job result file " + source + " is not a job result: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("the field '" + field + "' is missing or not a string");
        }
        return value.textValue();
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("the field '" + field + "' is missing or not a whole number");
        }
        return value.longValue();
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
