package dev.spindle.jobmanager;

import dev.spindle.core.JobId;

/** No job of that id is known (never submitted, or its result is no longer kept). */
public class UnknownJobException extends Exception {
    private static final long serialVersionUID = 1L;

    private final JobId jobId;

    public UnknownJobException(JobId jobId) {
        super("no job " + jobId);
        this.jobId = jobId;
    }

    public JobId jobId() {
        return jobId;
    }
}
