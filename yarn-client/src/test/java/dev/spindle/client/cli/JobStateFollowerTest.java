package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.api.JobStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobStateFollowerTest {
    private final StringWriter err = new StringWriter();

    @Test
    void eachChangeIsPrintedOnceAndFollowingEndsWithATerminalState() throws Exception {
        TestingJobClient job = new TestingJobClient(JobStatus.CREATED, JobStatus.CREATED, JobStatus.RUNNING,
                JobStatus.RUNNING, JobStatus.CANCELLING, JobStatus.CANCELED);

        try (JobStateFollower follower = new JobStateFollower(new PrintWriter(err, true), Duration.ofMillis(5))) {
            follower.follow(job);
            awaitLines(4);
            Thread.sleep(50); // time for more polls, which must print nothing
        }

        assertEquals(List.of("Job " + job.jobId + " is CREATED", "Job " + job.jobId + " is RUNNING",
                "Job " + job.jobId + " is CANCELLING", "Job " + job.jobId + " is CANCELED"), lines());
    }

    @Test
    void nothingIsPrintedForAJobAfterItsStop() throws Exception {
        TestingJobClient job = new TestingJobClient(JobStatus.RUNNING);

        try (JobStateFollower follower = new JobStateFollower(new PrintWriter(err, true), Duration.ofMillis(5))) {
            follower.follow(job);
            awaitLines(1);
            follower.stop(job.jobId);
            job.moveOnTo(JobStatus.FINISHED);
            Thread.sleep(50);
        }

        assertEquals(List.of("Job " + job.jobId + " is RUNNING"), lines());
    }

    @Test
    void aStatusThatCannotBeReadIsSkipped() throws Exception {
        TestingJobClient job = new TestingJobClient(JobStatus.RUNNING);
        job.statusFailure = new IOException("unreachable");

        try (JobStateFollower follower = new JobStateFollower(new PrintWriter(err, true), Duration.ofMillis(5))) {
            follower.follow(job);
            Thread.sleep(50);
        }

        assertEquals(List.of(), lines());
    }

    private List<String> lines() {
        return err.toString().lines().toList();
    }

    private void awaitLines(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (lines().size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }
}
