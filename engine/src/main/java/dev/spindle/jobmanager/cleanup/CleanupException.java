package dev.spindle.jobmanager.cleanup;

import dev.spindle.core.JobId;
import java.util.List;

/**
 * The cleanup of a job ended with steps that ran out of attempts. Each step's last error is
 * attached as suppressed; the message names the steps and the first of them.
 */
public final class CleanupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final JobId jobId;
    private final List<String> failedSteps;

    CleanupException(JobId jobId, List<String> failedSteps, int attempts, Throwable firstError) {
        super("The cleanup of job " + jobId + " did not finish: " + quoted(failedSteps)
                + (attempts == 1
                        ? " failed (the cleanup strategy allows one try)"
                        : " failed all " + attempts + " tries")
                + " (last error of '" + failedSteps.get(0)
                + "': " + firstError.getMessage() + ")");
        this.jobId = jobId;
        this.failedSteps = List.copyOf(failedSteps);
    }

    private static String quoted(List<String> steps) {
        StringBuilder text = new StringBuilder(steps.size() == 1 ? "the step " : "the steps ");
        for (int i = 0; i < steps.size(); i++) {
            text.append(i == 0 ? "" : ", ").append('\'').append(steps.get(i)).append('\'');
        }
        return text.toString();
    }

    public JobId jobId() {
        return jobId;
    }

    /** The names of the steps that ran out of attempts, in the order they were given. */
    public List<String> failedSteps() {
        return failedSteps;
    }
}
