package dev.spindle.jobmanager;

import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the jobs of a program whose main() runs inside the JobManager (a jar run through REST,
 * later application mode) on that JobManager's {@link Dispatcher}, with the same code path as a
 * job submitted from outside: the graph goes through its byte form and the dispatcher loads its
 * user code from {@code userJars}.
 */
public final class DispatcherExecutor implements PipelineExecutor {
    private final Dispatcher dispatcher;
    private final List<Path> userJars;

    private final boolean attachToRecovered;

    public DispatcherExecutor(Dispatcher dispatcher, List<Path> userJars) {
        this(dispatcher, userJars, false);
    }

    /**
     * @param attachToRecovered whether a job whose id runs already (a job a new leader recovered,
     *     high availability) is followed instead of refused as a duplicate
     */
    public DispatcherExecutor(Dispatcher dispatcher, List<Path> userJars, boolean attachToRecovered) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.userJars = List.copyOf(userJars);
        this.attachToRecovered = attachToRecovered;
    }

    @Override
    public CompletableFuture<JobClient> execute(JobGraph jobGraph, ClassLoader userClassLoader) throws Exception {
        JobGraph shipped = JobGraphCodec.fromBytes(JobGraphCodec.toBytes(jobGraph));
        CompletableFuture<JobClient> submitted =
                dispatcher.submitJob(shipped, userJars).thenApply(DispatcherJobClient::new);
        if (!attachToRecovered) {
            return submitted;
        }
        return submitted.exceptionallyCompose(e -> {
            Throwable cause =
                    e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof JobAlreadyEndedException ended) {
                return CompletableFuture.completedFuture(new EndedJobClient(shipped, ended));
            }
            return cause instanceof DuplicateJobException
                    ? CompletableFuture.completedFuture(new DispatcherJobClient(shipped.jobId()))
                    : CompletableFuture.failedFuture(cause);
        });
    }

    /**
     * A job that ended under an earlier leader (high availability: a later YARN attempt runs the
     * application's main() again): it does not run again, and its result is how it ended, as its job
     * result entry says (its runtime and counters are not kept).
     */
    private static final class EndedJobClient implements JobClient {
        private final JobId jobId;
        private final JobStatus status;
        private final CompletableFuture<JobExecutionResult> result;

        EndedJobClient(JobGraph graph, JobAlreadyEndedException ended) {
            this.jobId = graph.jobId();
            this.status = ended.status();
            String earlier = "job " + jobId + " ended " + (status == null ? "" : status + " ")
                    + "under an earlier attempt; it does not run again";
            if (status == JobStatus.FINISHED) {
                result = CompletableFuture.completedFuture(
                        new JobExecutionResult(jobId, graph.name(), java.time.Duration.ZERO, java.util.Map.of()));
            } else if (status == JobStatus.CANCELED) {
                result = CompletableFuture.failedFuture(new dev.spindle.core.JobCancellationException(jobId, earlier));
            } else {
                result = CompletableFuture.failedFuture(
                        new dev.spindle.core.JobExecutionException(jobId, earlier, null));
            }
        }

        @Override
        public JobId getJobId() {
            return jobId;
        }

        @Override
        public CompletableFuture<JobStatus> getJobStatus() {
            return CompletableFuture.completedFuture(status == null ? JobStatus.FAILED : status);
        }

        @Override
        public CompletableFuture<Void> cancel() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
            return result;
        }
    }

    /** A job of this dispatcher; its futures complete on the dispatcher's or the job's threads. */
    private final class DispatcherJobClient implements JobClient {
        private final JobId jobId;
        private final CompletableFuture<JobExecutionResult> result;

        DispatcherJobClient(JobId jobId) {
            this.jobId = jobId;
            this.result = dispatcher.jobResult(jobId);
        }

        @Override
        public JobId getJobId() {
            return jobId;
        }

        @Override
        public CompletableFuture<JobStatus> getJobStatus() {
            return dispatcher.requestJob(jobId).thenApply(JobDetails::status);
        }

        @Override
        public CompletableFuture<Void> cancel() {
            return dispatcher.cancelJob(jobId);
        }

        @Override
        public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
            return result;
        }
    }
}
