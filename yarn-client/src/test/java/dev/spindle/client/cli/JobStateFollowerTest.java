package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.core.JobStatus;
import dev.spindle.rest.client.JobProgressSource;
import dev.spindle.rest.client.JobProgressSource.JobProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JobStateFollowerTest {
    private final StringWriter err = new StringWriter();

    @Test
    void eachChangeIsPrintedOnceAndFollowingEndsWithATerminalState() throws Exception {
        TestingJobClient job = new TestingJobClient(
                JobStatus.CREATED,
                JobStatus.CREATED,
                JobStatus.RUNNING,
                JobStatus.RUNNING,
                JobStatus.CANCELLING,
                JobStatus.CANCELED);

        try (JobStateFollower follower = new JobStateFollower(new PrintWriter(err, true), Duration.ofMillis(5))) {
            follower.follow(job);
            awaitLines(4);
            Thread.sleep(50); // time for more polls, which must print nothing
        }

        assertEquals(
                List.of(
                        "Job " + job.jobId + " is CREATED",
                        "Job " + job.jobId + " is RUNNING",
                        "Job " + job.jobId + " is CANCELLING",
                        "Job " + job.jobId + " is CANCELED"),
                lines());
    }

    /** A restarting job has not ended: following goes on until it does. */
    @Test
    void aRestartingJobIsFollowedOn() throws Exception {
        TestingJobClient job = new TestingJobClient(
                JobStatus.RUNNING, JobStatus.RESTARTING, JobStatus.RESTARTING, JobStatus.RUNNING, JobStatus.FINISHED);

        try (JobStateFollower follower = new JobStateFollower(new PrintWriter(err, true), Duration.ofMillis(5))) {
            follower.follow(job);
            awaitLines(4);
        }

        assertEquals(
                List.of(
                        "Job " + job.jobId + " is RUNNING",
                        "Job " + job.jobId + " is RESTARTING",
                        "Job " + job.jobId + " is RUNNING",
                        "Job " + job.jobId + " is FINISHED"),
                lines());
    }

    /** What a waiting job waits for is printed when first seen, then not again within the interval. */
    @Test
    void whatAWaitingJobWaitsForIsPrintedAtMostOncePerInterval() throws Exception {
        String waiting = "waiting for 20 slots: 0 free of 14 in 14 TaskManagers, 0 TaskManagers pending, 0 starting";
        List<JobProgress> script = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            script.add(new JobProgress(JobStatus.CREATED, waiting));
        }
        script.add(new JobProgress(JobStatus.FAILED, null));
        ProgressJob job = new ProgressJob(script);

        try (JobStateFollower follower =
                new JobStateFollower(new PrintWriter(err, true), Duration.ofMillis(5), Duration.ofHours(1))) {
            follower.follow(job);
            awaitLines(3);
            Thread.sleep(50);
        }

        assertEquals(
                List.of(
                        "Job " + job.jobId + " is CREATED",
                        "Job " + job.jobId + " is " + waiting,
                        "Job " + job.jobId + " is FAILED"),
                lines());
        assertEquals(21, job.polls.get(), "every scripted answer was polled");
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

    /** A job on a cluster whose progress answers follow a script, then the last answer forever. */
    private static final class ProgressJob implements dev.spindle.core.execution.JobClient, JobProgressSource {
        final dev.spindle.core.JobId jobId = dev.spindle.core.JobId.generate();
        final java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.Deque<JobProgress> script;
        private JobProgress last;

        ProgressJob(List<JobProgress> script) {
            this.script = new java.util.ArrayDeque<>(script);
        }

        @Override
        public synchronized CompletableFuture<JobProgress> getJobProgress() {
            if (!script.isEmpty()) {
                polls.incrementAndGet();
                last = script.poll();
            }
            return CompletableFuture.completedFuture(last);
        }

        @Override
        public dev.spindle.core.JobId getJobId() {
            return jobId;
        }

        @Override
        public CompletableFuture<JobStatus> getJobStatus() {
            return getJobProgress().thenApply(JobProgress::status);
        }

        @Override
        public CompletableFuture<Void> cancel() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<dev.spindle.core.JobExecutionResult> getJobExecutionResult() {
            return new CompletableFuture<>();
        }
    }
}
