package dev.spindle.jobmanager;

import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.jobmanager.cleanup.JobResultState;

/** A job was submitted whose id already reached a terminal state on this cluster: a job runs once. */
public final class JobAlreadyEndedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final JobResultState state;
    private final JobStatus status;

    public JobAlreadyEndedException(JobId jobId, JobResultState state) {
        this(jobId, state, null);
    }

    /** @param status how the job ended, as its entry says; null if the store does not keep it */
    public JobAlreadyEndedException(JobId jobId, JobResultState state, JobStatus status) {
        super("job " + jobId + " already ended on this cluster and does not run again"
                + (state == JobResultState.DIRTY ? "; its cleanup had not completed and has been started again" : "")
                + "; submit it with a new job id");
        this.state = state;
        this.status = status;
    }

    /** How the job ended (FINISHED, FAILED, CANCELED), as its entry says; null if unknown. */
    public JobStatus status() {
        return status;
    }

    /** What the job result store says of the job: DIRTY (its cleanup was started again) or CLEAN. */
    public JobResultState state() {
        return state;
    }
}
