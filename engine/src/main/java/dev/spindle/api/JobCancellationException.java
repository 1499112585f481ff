package dev.spindle.api;

/** The job was cancelled before it finished. */
public class JobCancellationException extends JobExecutionException {
    private static final long serialVersionUID = 1L;

    public JobCancellationException(JobId jobId) {
        super(jobId, "Job " + jobId + " was cancelled", null);
    }
}
