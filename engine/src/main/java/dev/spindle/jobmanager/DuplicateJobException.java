package dev.spindle.jobmanager;

import dev.spindle.core.JobId;

/** A job with this id was already submitted. */
public class DuplicateJobException extends Exception {
    private static final long serialVersionUID = 1L;

    public DuplicateJobException(JobId jobId) {
        super("job " + jobId + " was already submitted");
    }

    /** As {@link #DuplicateJobException(JobId)}, the message followed by {@code detail}. */
    public DuplicateJobException(JobId jobId, String detail) {
        super("job " + jobId + " was already submitted; " + detail);
    }
}
