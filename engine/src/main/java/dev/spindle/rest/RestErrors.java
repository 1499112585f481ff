package dev.spindle.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.spindle.jobmanager.DuplicateJobException;
import dev.spindle.jobmanager.JarRunRefusedException;
import dev.spindle.jobmanager.JobAlreadyEndedException;
import dev.spindle.jobmanager.UnknownJobException;
import dev.spindle.ops.UnknownLogFileException;
import dev.spindle.ops.UnknownTaskManagerException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps a handler's failure to the status and the one-line reason the client sees. Responses
 * never carry stack traces; 5xx are logged by the caller.
 */
public final class RestErrors {
    private RestErrors() {}

    /** A failure as the client sees it. */
    public record Error(HttpResponseStatus status, String message) {}

    public static Error of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof RestException e) {
            return new Error(e.status(), e.getMessage());
        }
        if (t instanceof JarRunRefusedException e) {
            // Not 503: that one ("did not answer in time") leaves open whether the request took effect.
            return new Error(HttpResponseStatus.TOO_MANY_REQUESTS, e.getMessage());
        }
        if (t instanceof DuplicateJobException e) {
            // The job runs (or ran) already: a client that retries a submission must not take this for a failure of it.
            return new Error(HttpResponseStatus.CONFLICT, e.getMessage());
        }
        if (t instanceof JobAlreadyEndedException e) {
            // A job runs once: the id is taken for good, whatever the client retries.
            return new Error(HttpResponseStatus.CONFLICT, e.getMessage());
        }
        if (t instanceof UnknownTaskManagerException || t instanceof UnknownLogFileException) {
            return new Error(HttpResponseStatus.NOT_FOUND, t.getMessage());
        }
        if (t instanceof UnknownJobException e) {
            return new Error(HttpResponseStatus.NOT_FOUND, e.getMessage());
        }
        if (t instanceof TimeoutException) {
            return new Error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the JobManager did not answer in time");
        }
        if (t instanceof JsonProcessingException e) {
            return new Error(HttpResponseStatus.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
        }
        if (t instanceof IllegalArgumentException) {
            // the gateway's and the jar runner's word for "this request cannot be served as given"
            return new Error(HttpResponseStatus.BAD_REQUEST, messageOf(t));
        }
        return new Error(HttpResponseStatus.INTERNAL_SERVER_ERROR, messageOf(t));
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
    }
}
