package dev.spindle.rest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.spindle.rest.RestMessages.QueueStatus;

/**
 * The JSON bodies of {@code POST /jobs/{jobid}/savepoints}, {@code POST /jobs/{jobid}/stop} and
 * {@code GET /jobs/{jobid}/savepoints/{triggerid}}, in Flink's shape (docs/checkpoints.md,
 * "Savepoints over REST"). Shared by the server and the client.
 */
public final class SavepointMessages {
    /** The only savepoint format there is; Flink's {@code NATIVE} is refused. */
    public static final String CANONICAL = "CANONICAL";

    private SavepointMessages() {}

    /**
     * {@code POST /jobs/{jobid}/savepoints}; every field may be absent. {@code cancel-job} true stops
     * the job with the savepoint (without draining). {@code triggerId} (32 hex digits) makes a retried
     * request idempotent: a known one answers with the operation it names instead of starting another.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SavepointTriggerRequest(
            @JsonProperty("target-directory") String targetDirectory,
            @JsonProperty("cancel-job") Boolean cancelJob,
            @JsonProperty("triggerId") String triggerId,
            @JsonProperty("formatType") String formatType) {}

    /** {@code POST /jobs/{jobid}/stop}; every field may be absent (Flink's camel case, as there). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StopWithSavepointRequest(
            @JsonProperty("targetDirectory") String targetDirectory,
            @JsonProperty("drain") Boolean drain,
            @JsonProperty("triggerId") String triggerId,
            @JsonProperty("formatType") String formatType) {}

    /** The answer (202) of both triggers: the id to ask {@code /jobs/{jobid}/savepoints/{triggerid}} with. */
    public record TriggerResponse(
            @JsonProperty("request-id") String requestId) {}

    /** {@code GET /jobs/{jobid}/savepoints/{triggerid}}; {@code operation} only when COMPLETED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SavepointStatusResponse(
            @JsonProperty("status") QueueStatus status,
            @JsonProperty("operation") SavepointInfo operation) {

        @JsonIgnore
        public boolean completed() {
            return status != null && "COMPLETED".equals(status.id());
        }
    }

    /** Either the savepoint's fully qualified directory or why there is none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SavepointInfo(
            @JsonProperty("location") String location,
            @JsonProperty("failure-cause") SerializedFailure failureCause) {}

    /**
     * A failure as Flink serializes it: {@code class} the exception's class (e.g.
     * {@code dev.spindle.checkpoint.SavepointException}), {@code message} its message, meant for the
     * user, and {@code stack-trace} for whoever must look deeper.
     */
    public record SerializedFailure(
            @JsonProperty("class") String exceptionClass,
            @JsonProperty("message") String message,
            @JsonProperty("stack-trace") String stackTrace) {}
}
