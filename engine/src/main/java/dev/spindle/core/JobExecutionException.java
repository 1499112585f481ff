package dev.spindle.core;

/** A job did not finish successfully; the cause is what made it fail (often the user's exception). */
public class JobExecutionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final JobId jobId;

    public JobExecutionException(JobId jobId, String message, Throwable cause) {
        super(message, cause);
        this.jobId = jobId;
    }

    public JobId jobId() {
        return jobId;
    }
}
