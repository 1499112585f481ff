package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.core.JobId;
import dev.spindle.jobmanager.JobAlreadyEndedException;
import dev.spindle.jobmanager.cleanup.JobResultState;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RestErrorsTest {

    /** A job id that ended is taken for good: a conflict the client can read, not a server error. */
    @Test
    void aJobThatAlreadyEndedIsAConflictWithTheReason() {
        JobId id = new JobId(1L, 2L);
        RestErrors.Error error =
                RestErrors.of(new CompletionException(new JobAlreadyEndedException(id, JobResultState.DIRTY)));
        assertEquals(HttpResponseStatus.CONFLICT, error.status());
        assertEquals(
                "job " + id + " already ended on this cluster and does not run again; its cleanup had not completed "
                        + "and has been started again; submit it with a new job id",
                error.message());
    }
}
