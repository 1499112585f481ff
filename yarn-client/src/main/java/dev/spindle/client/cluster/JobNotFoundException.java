package dev.spindle.client.cluster;

import dev.spindle.core.JobId;

/**
 * The cluster does not know the job: it never ran there, or its record expired
 * ({@code jobstore.expiration-time}). Its own type because scripts branch on it: cancelling a job
 * that is gone is not the same failure as a cluster that cannot be reached.
 */
public class JobNotFoundException extends Exception {
    private static final long serialVersionUID = 1L;

    private final JobId jobId;

    public JobNotFoundException(JobId jobId, String clusterDescription) {
        super("no job " + jobId + " on " + clusterDescription + " (see 'spindle list' for its jobs)");
        this.jobId = jobId;
    }

    public JobId jobId() {
        return jobId;
    }
}
