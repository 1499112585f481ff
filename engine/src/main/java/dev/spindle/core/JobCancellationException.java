package dev.spindle.core;

/** The job was cancelled before it finished. */
public class JobCancellationException extends JobExecutionException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public JobCancellationException(JobId jobId) {
        this(jobId, null);
    }

    /** @param reason why it was cancelled, when the client knows more than that it was (e.g. YARN's diagnostics); or null */
    public JobCancellationException(JobId jobId, String reason) {
        super(jobId, "Job " + jobId + " was cancelled" + (reason == null ? "" : ": " + reason), null);
        this.reason = reason;
    }

    /** Why the job was cancelled, or null when only the fact is known. */
    public String reason() {
        return reason;
    }
}
