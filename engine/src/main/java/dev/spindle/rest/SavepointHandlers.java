package dev.spindle.rest;

import dev.spindle.checkpoint.SavepointType;
import dev.spindle.core.JobId;
import dev.spindle.jobmanager.DispatcherGateway;
import dev.spindle.rest.RestMessages.QueueStatus;
import dev.spindle.rest.SavepointMessages.SavepointInfo;
import dev.spindle.rest.SavepointMessages.SavepointStatusResponse;
import dev.spindle.rest.SavepointMessages.SavepointTriggerRequest;
import dev.spindle.rest.SavepointMessages.SerializedFailure;
import dev.spindle.rest.SavepointMessages.StopWithSavepointRequest;
import dev.spindle.rest.SavepointMessages.TriggerResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /jobs/{jobid}/savepoints}, {@code POST /jobs/{jobid}/stop} and {@code GET
 * /jobs/{jobid}/savepoints/{triggerid}} in Flink's shape: a trigger starts {@link
 * DispatcherGateway#triggerSavepoint} and answers 202 with a trigger id at once, the status route
 * tells how the operation stands ({@link SavepointOperations} keeps them). An unknown job is the 404
 * of every job route, found before anything is triggered; a malformed body is a 400. The triggers
 * are mutating requests: only authenticated ones reach them ({@link AuthenticationHandler}).
 *
 * <p>Bodies are at most {@link #MAX_BODY} bytes and parsed on the event loop (they are tiny); the
 * gateway's futures complete on the dispatcher's thread.
 */
final class SavepointHandlers {
    /** How long a completed operation can be asked about (as Flink's {@code rest.async.store-duration}). */
    static final Duration RETENTION = Duration.ofMinutes(5);

    /** How many operations are kept at most. */
    static final int CAPACITY = 1_000;

    static final int MAX_BODY = 64 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DispatcherGateway gateway;
    private final SavepointOperations operations;

    SavepointHandlers(DispatcherGateway gateway, SavepointOperations operations) {
        this.gateway = gateway;
        this.operations = operations;
    }

    SavepointHandlers(DispatcherGateway gateway) {
        this(gateway, new SavepointOperations(CAPACITY, RETENTION, System::currentTimeMillis));
    }

    /** {@code POST /jobs/{jobid}/savepoints} with {@code target-directory} and {@code cancel-job}. */
    CompletableFuture<RestResponse> trigger(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        SavepointTriggerRequest body = read(request, SavepointTriggerRequest.class);
        SavepointType type = Boolean.TRUE.equals(body.cancelJob()) ? SavepointType.STOP : SavepointType.SAVEPOINT;
        return start(jobId, body.targetDirectory(), type, body.triggerId(), body.formatType());
    }

    /** {@code POST /jobs/{jobid}/stop} with {@code targetDirectory} and {@code drain}. */
    CompletableFuture<RestResponse> stop(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        StopWithSavepointRequest body = read(request, StopWithSavepointRequest.class);
        SavepointType type = Boolean.TRUE.equals(body.drain()) ? SavepointType.STOP_AND_DRAIN : SavepointType.STOP;
        return start(jobId, body.targetDirectory(), type, body.triggerId(), body.formatType());
    }

    /** {@code GET /jobs/{jobid}/savepoints/{triggerid}}. */
    CompletableFuture<RestResponse> status(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        String triggerId = request.pathParameter("triggerid");
        var outcome = operations.outcome(jobId, triggerId);
        if (outcome.isPresent()) {
            RestResponse response = RestResponse.ok(toResponse(outcome.get()));
            return CompletableFuture.completedFuture(
                    outcome.get().done()
                            ? response.whenWritten(() -> gateway.savepointOutcomeServed(jobId))
                            : response);
        }
        // The job's own 404 comes first; a known job without the operation is the operation's 404.
        return gateway.requestJob(jobId).thenApply(job -> {
            throw new CompletionException(RestException.notFound("no savepoint operation " + triggerId + " of job "
                    + jobId + ": it was never triggered here, or it completed more than " + RETENTION.toMinutes()
                    + " minutes ago and was forgotten"));
        });
    }

    private CompletableFuture<RestResponse> start(
            JobId jobId, String targetDirectory, SavepointType type, String requestedId, String formatType)
            throws RestException {
        if (formatType != null && !formatType.equals(SavepointMessages.CANONICAL)) {
            throw RestException.badRequest("formatType '" + formatType + "' is not supported; only "
                    + SavepointMessages.CANONICAL + " savepoints are taken");
        }
        if (targetDirectory != null && targetDirectory.isBlank()) {
            throw RestException.badRequest("the target directory is blank; leave it out for state.savepoints.dir");
        }
        String triggerId = requestedId != null ? checkedTriggerId(requestedId) : newTriggerId();
        return gateway.requestJob(jobId).thenApply(job -> {
            try {
                operations.startIfAbsent(
                        jobId, triggerId, () -> gateway.triggerSavepoint(jobId, targetDirectory, type));
            } catch (RestException e) {
                throw new CompletionException(e);
            }
            return RestResponse.accepted(new TriggerResponse(triggerId));
        });
    }

    static SavepointStatusResponse toResponse(SavepointOperations.Outcome outcome) {
        if (!outcome.done()) {
            return new SavepointStatusResponse(new QueueStatus("IN_PROGRESS"), null);
        }
        SavepointInfo info = outcome.failure() == null
                ? new SavepointInfo(outcome.location(), null)
                : new SavepointInfo(null, toFailure(outcome.failure()));
        return new SavepointStatusResponse(new QueueStatus("COMPLETED"), info);
    }

    private static SerializedFailure toFailure(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        String message = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
        return new SerializedFailure(t.getClass().getName(), message, trace.toString());
    }

    private static <T> T read(RestRequest request, Class<T> type) throws RestException {
        byte[] body = request.body();
        if (body.length > MAX_BODY) {
            throw new RestException(
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "the body of a savepoint request is at most " + MAX_BODY + " bytes");
        }
        if (body.length == 0) {
            body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            T parsed = Json.SERVER.readValue(body, type);
            if (parsed == null) {
                throw RestException.badRequest("the body must be a JSON object");
            }
            return parsed;
        } catch (IOException e) {
            throw RestException.badRequest(RestErrors.of(e).message());
        }
    }

    private static String checkedTriggerId(String id) throws RestException {
        if (!id.matches("[0-9a-f]{32}")) {
            throw RestException.badRequest("triggerId must be 32 lower-case hex digits, was '" + id + "'");
        }
        return id;
    }

    private static String newTriggerId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
