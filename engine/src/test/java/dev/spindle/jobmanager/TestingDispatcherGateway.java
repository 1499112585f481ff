package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CheckpointConfig;
import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.checkpoint.SavepointType;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dispatcher with canned answers that records what it was asked. Fields are public and mutable
 * so that a test states exactly what the cluster looks like; all recorded lists are thread-safe.
 */
public class TestingDispatcherGateway implements DispatcherGateway {
    public final Map<JobId, JobDetails> jobs = new ConcurrentHashMap<>();
    public final Map<JobId, JobResultInfo> results = new ConcurrentHashMap<>();
    public final Map<JobId, ExceptionHistory> exceptionHistories = new ConcurrentHashMap<>();
    /** Checkpoint statistics and settings by job; a known job missing here takes no checkpoints. */
    public final Map<JobId, CheckpointStats> checkpointStats = new ConcurrentHashMap<>();

    public final Map<JobId, CheckpointConfig> checkpointConfigs = new ConcurrentHashMap<>();
    /** The jobs whose terminal result was served over REST. */
    public final java.util.Set<JobId> served = ConcurrentHashMap.newKeySet();

    public volatile ClusterOverview overview = new ClusterOverview(0, 0, 0, 0, 0, 0, 0);
    public volatile List<TaskManagerDetails> taskManagers = List.of();
    /** When set, every call answers with this future instead (e.g. one that never completes). */
    public volatile CompletableFuture<?> override;

    public final List<Submission> submitted = new CopyOnWriteArrayList<>();
    public final List<JobId> cancelled = new CopyOnWriteArrayList<>();
    public final List<JobId> clientHeartbeats = new CopyOnWriteArrayList<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();

    /** A recorded submission. */
    public record Submission(JobGraph jobGraph, List<Path> userJars) {}

    @Override
    public CompletableFuture<JobId> submitJob(JobGraph jobGraph, List<Path> userJars) {
        calls.add("submitJob");
        submitted.add(new Submission(jobGraph, List.copyOf(userJars)));
        return answer(jobGraph.jobId());
    }

    @Override
    public CompletableFuture<List<JobDetails>> listJobs() {
        calls.add("listJobs");
        return answer(List.copyOf(jobs.values()));
    }

    @Override
    public CompletableFuture<JobDetails> requestJob(JobId jobId) {
        calls.add("requestJob");
        return known(jobs.get(jobId), jobId);
    }

    /** Plans by job; a known job missing here has none to show, as with a gateway that shows no plans. */
    public final Map<JobId, JobPlan> plans = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<JobPlan> requestJobPlan(JobId jobId) {
        JobPlan plan = plans.get(jobId);
        if (plan == null) {
            return CompletableFuture.failedFuture(
                    jobs.containsKey(jobId)
                            ? new UnsupportedOperationException("no plan")
                            : new UnknownJobException(jobId));
        }
        calls.add("requestJobPlan");
        return answer(plan);
    }

    /** The savepoint requests, as {@code jobId type targetDirectory}. */
    public final List<String> savepointRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** What the next savepoint requests complete with; by default a path under the target directory. */
    public volatile java.util.function.Function<SavepointType, CompletableFuture<String>> savepointAnswer =
            type -> CompletableFuture.completedFuture("file:/savepoints/savepoint-000000-000000000000");

    @Override
    public CompletableFuture<String> triggerSavepoint(JobId jobId, String targetDirectory, SavepointType type) {
        calls.add("triggerSavepoint");
        if (!jobs.containsKey(jobId)) {
            return CompletableFuture.failedFuture(new UnknownJobException(jobId));
        }
        savepointRequests.add(jobId + " " + type + " " + targetDirectory);
        return savepointAnswer.apply(type);
    }

    @Override
    public CompletableFuture<Void> cancelJob(JobId jobId) {
        calls.add("cancelJob");
        if (!jobs.containsKey(jobId)) {
            return CompletableFuture.failedFuture(new UnknownJobException(jobId));
        }
        cancelled.add(jobId);
        return answer(null);
    }

    @Override
    public CompletableFuture<Void> recordClientHeartbeat(JobId jobId) {
        calls.add("recordClientHeartbeat");
        if (!jobs.containsKey(jobId)) {
            return CompletableFuture.failedFuture(new UnknownJobException(jobId));
        }
        clientHeartbeats.add(jobId);
        return answer(null);
    }

    /** The futures {@link #jobTermination} hands out, by job; a test completes one to end that job. */
    public final Map<JobId, CompletableFuture<JobStatus>> terminations = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<JobStatus> jobTermination(JobId jobId) {
        return terminations.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    @Override
    public CompletableFuture<JobResultInfo> requestJobResult(JobId jobId) {
        calls.add("requestJobResult");
        return known(results.get(jobId), jobId);
    }

    @Override
    public CompletableFuture<ExceptionHistory> requestExceptionHistory(JobId jobId) {
        calls.add("requestExceptionHistory");
        return known(exceptionHistories.get(jobId), jobId);
    }

    @Override
    public CompletableFuture<CheckpointStats> requestCheckpointStats(JobId jobId) {
        calls.add("requestCheckpointStats");
        return jobs.containsKey(jobId) ? answer(checkpointStats.get(jobId)) : known(null, jobId);
    }

    @Override
    public CompletableFuture<CheckpointConfig> requestCheckpointConfig(JobId jobId) {
        calls.add("requestCheckpointConfig");
        return jobs.containsKey(jobId) ? answer(checkpointConfigs.get(jobId)) : known(null, jobId);
    }

    @Override
    public CompletableFuture<ClusterOverview> requestClusterOverview() {
        calls.add("requestClusterOverview");
        return answer(overview);
    }

    @Override
    public CompletableFuture<List<TaskManagerDetails>> listTaskManagers() {
        calls.add("listTaskManagers");
        return answer(taskManagers);
    }

    private <T> CompletableFuture<T> known(T value, JobId jobId) {
        return value == null && override == null
                ? CompletableFuture.failedFuture(new UnknownJobException(jobId))
                : answer(value);
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> answer(T value) {
        CompletableFuture<?> o = override;
        return o != null ? (CompletableFuture<T>) o : CompletableFuture.completedFuture(value);
    }

    @Override
    public void resultServed(JobId jobId) {
        served.add(jobId);
    }
}
