package dev.spindle.bench;

import dev.spindle.core.JobId;
import dev.spindle.rest.CheckpointMessages.CheckpointStatistics;
import dev.spindle.rest.CheckpointMessages.CheckpointingStatistics;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.VertexInfo;
import dev.spindle.rest.client.RestClient;
import java.io.IOException;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * The benchmarks' polls of a job through the JobManager's REST endpoint, and what they read from
 * its answers; each poll gives up after {@value #TIMEOUT_MILLIS} ms.
 */
final class JobProbes {
    static final long POLL_MILLIS = 20;
    static final long TIMEOUT_MILLIS = 300_000;

    private JobProbes() {}

    /**
     * Polls the job every {@value #POLL_MILLIS} ms until {@code done} holds for its details; fails
     * when the job ends first. A job the endpoint does not know yet is polled again.
     */
    static JobDetailsResponse await(RestClient rest, JobId job, Predicate<JobDetailsResponse> done, String what)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            try {
                JobDetailsResponse d = rest.jobDetails(job);
                if (done.test(d)) {
                    return d;
                }
                if (d.endTime() > 0) {
                    throw new IllegalStateException("the job ended (" + d.state() + ") before " + what);
                }
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e; // not known yet is fine for a while
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Polls the job's checkpoint statistics every 100 ms until {@code done} holds for them. */
    static CheckpointingStatistics awaitCheckpoints(
            RestClient rest, JobId job, Predicate<CheckpointingStatistics> done, String timeoutMessage)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (true) {
            CheckpointingStatistics stats = rest.checkpoints(job);
            if (done.test(stats)) {
                return stats;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(timeoutMessage);
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the job has completed {@code count} checkpoints. */
    static void awaitCompletedCheckpoints(RestClient rest, JobId job, int count)
            throws IOException, InterruptedException {
        awaitCheckpoints(
                rest,
                job,
                stats -> stats.counts().completed() >= count,
                "timed out waiting for " + count + " completed checkpoints");
    }

    /** Whether the job runs with every task of every vertex RUNNING. */
    static boolean allRunning(JobDetailsResponse d) {
        if (!"RUNNING".equals(d.state()) || d.vertices() == null || d.vertices().isEmpty()) {
            return false;
        }
        for (VertexInfo v : d.vertices()) {
            if (v.tasks().getOrDefault("RUNNING", 0) != v.parallelism()) {
                return false;
            }
        }
        return true;
    }

    /** The completion time of the first checkpoint triggered after {@code after}, from it; -1 if none yet. */
    static long firstCheckpointAfter(CheckpointingStatistics stats, long after) {
        if (stats == null || stats.history() == null) {
            return -1;
        }
        return stats.history().stream()
                .filter(c -> "COMPLETED".equals(c.status()) && c.triggerTimestamp() > after)
                .min(Comparator.comparingLong(CheckpointStatistics::id))
                .map(c -> c.latestAckTimestamp() - after)
                .orElse(-1L);
    }
}
