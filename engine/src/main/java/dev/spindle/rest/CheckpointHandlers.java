package dev.spindle.rest;

import dev.spindle.checkpoint.CheckpointConfig;
import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.core.CheckpointRetention;
import dev.spindle.core.JobId;
import dev.spindle.jobmanager.DispatcherGateway;
import dev.spindle.rest.CheckpointMessages.CheckpointConfigInfo;
import dev.spindle.rest.CheckpointMessages.CheckpointStatistics;
import dev.spindle.rest.CheckpointMessages.CheckpointingStatistics;
import dev.spindle.rest.CheckpointMessages.Counts;
import dev.spindle.rest.CheckpointMessages.Externalization;
import dev.spindle.rest.CheckpointMessages.Latest;
import dev.spindle.rest.CheckpointMessages.RestoredCheckpoint;
import dev.spindle.rest.CheckpointMessages.StatsSummary;
import dev.spindle.rest.CheckpointMessages.Summary;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code GET /jobs/{jobid}/checkpoints} and {@code GET /jobs/{jobid}/checkpoints/config}: a job's
 * {@link CheckpointStats} and {@link CheckpointConfig} in Flink's shape. A job that takes no
 * checkpoints is a 404 with Flink's message, as for a Flink job with checkpointing disabled; an
 * unknown job the 404 of every job route. None blocks; all complete on the gateway's thread.
 */
final class CheckpointHandlers {
    private final DispatcherGateway gateway;

    CheckpointHandlers(DispatcherGateway gateway) {
        this.gateway = gateway;
    }

    CompletableFuture<RestResponse> statistics(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        return gateway.requestCheckpointStats(jobId)
                .thenApply(stats -> RestResponse.ok(toResponse(enabled(stats, CheckpointMessages.NOT_ENABLED))));
    }

    CompletableFuture<RestResponse> config(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        return gateway.requestCheckpointConfig(jobId)
                .thenApply(c -> RestResponse.ok(toResponse(enabled(c, CheckpointMessages.CONFIG_NOT_ENABLED))));
    }

    private static <T> T enabled(T value, String message) {
        if (value == null) {
            throw new CompletionException(RestException.notFound(message));
        }
        return value;
    }

    static CheckpointingStatistics toResponse(CheckpointStats s) {
        CheckpointStats.Entry restored = s.restored();
        return new CheckpointingStatistics(
                new Counts(s.restoreCount(), s.triggered(), s.inProgress(), s.completed(), s.failed()),
                new Summary(
                        toSummary(s.summary().stateSize()),
                        toSummary(s.summary().stateSize()),
                        toSummary(s.summary().duration())),
                new Latest(
                        toStatistics(s.latestCompleted(), s),
                        toStatistics(s.latestSavepoint(), s),
                        toStatistics(s.latestFailed(), s),
                        restored == null
                                ? null
                                : new RestoredCheckpoint(
                                        restored.id(),
                                        s.restoreTimestamp(),
                                        restored.savepoint(),
                                        restored.externalPath())),
                s.history().stream().map(e -> toStatistics(e, s)).toList());
    }

    private static StatsSummary toSummary(CheckpointStats.Statistic st) {
        return new StatsSummary(st.min(), st.max(), st.average(), st.p50(), st.p90(), st.p95(), st.p99(), st.p999());
    }

    /** One checkpoint; null for none. */
    static CheckpointStatistics toStatistics(CheckpointStats.Entry e, CheckpointStats stats) {
        if (e == null) {
            return null;
        }
        boolean completed = e.status().equals("COMPLETED");
        boolean failed = e.status().equals("FAILED");
        return new CheckpointStatistics(
                completed ? "completed" : failed ? "failed" : "in_progress",
                e.id(),
                e.status(),
                e.savepoint(),
                e.savepoint() ? "CANONICAL" : null,
                e.triggerTimestamp(),
                completed ? e.endTimestamp() : e.triggerTimestamp(),
                e.stateSize(),
                e.stateSize(),
                e.duration(),
                e.total(),
                e.acknowledged(),
                e.savepoint() ? "SAVEPOINT" : "CHECKPOINT",
                Map.of(),
                completed ? e.externalPath() : null,
                completed ? !e.savepoint() && !stats.isRetained(e.id()) : null,
                failed ? e.endTimestamp() : null,
                failed ? e.failureMessage() : null);
    }

    static CheckpointConfigInfo toResponse(CheckpointConfig c) {
        return new CheckpointConfigInfo(
                c.mode().name().toLowerCase(Locale.ROOT),
                c.interval().toMillis(),
                c.timeout().toMillis(),
                c.minPause().toMillis(),
                CheckpointConfig.MAX_CONCURRENT,
                new Externalization(
                        c.retention() != CheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS,
                        c.retention() == CheckpointRetention.DELETE_ON_CANCELLATION),
                "hashmap",
                "filesystem",
                false,
                c.tolerableFailures(),
                true,
                c.directory(),
                c.numRetained());
    }
}
