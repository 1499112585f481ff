package dev.spindle.rest;

import dev.spindle.jobmanager.DispatcherGateway;
import dev.spindle.jobmanager.TaskManagerDetails;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.metrics.dump.MetricDumpSource;
import dev.spindle.ops.TaskManagerOperations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the metrics of the JobManager and of every registered TaskManager for the metric routes,
 * and keeps them for {@code metrics.fetcher.update-interval}: a dashboard that polls many routes
 * costs the TaskManagers one request each per interval, not one per route. The TaskManagers are
 * asked in parallel; one that does not answer within the timeout (or fails) is left out of that
 * fetch and logged at debug, so that one slow TaskManager does not stall every metric route.
 *
 * <p>Threads: {@link #store()} may be called from any thread; a fetch completes on an RPC thread.
 */
final class MetricFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(MetricFetcher.class);

    private final DispatcherGateway gateway;
    private final TaskManagerOperations taskManagers;
    private final MetricDumpSource jobManager;
    private final long updateIntervalNanos;
    private final Duration timeout;

    private CompletableFuture<MetricStore> latest;
    private long latestStartedNanos;

    /**
     * @param updateInterval how long fetched metrics are served before the next request fetches anew
     * @param timeout how long a TaskManager may take to answer
     */
    MetricFetcher(
            DispatcherGateway gateway,
            TaskManagerOperations taskManagers,
            MetricDumpSource jobManager,
            Duration updateInterval,
            Duration timeout) {
        this.gateway = gateway;
        this.taskManagers = taskManagers;
        this.jobManager = jobManager;
        this.updateIntervalNanos = updateInterval.toNanos();
        this.timeout = timeout;
    }

    /** The metrics fetched within the update interval (or being fetched now), else a new fetch. */
    synchronized CompletableFuture<MetricStore> store() {
        long now = System.nanoTime();
        boolean fresh = latest != null
                && (!latest.isDone()
                        || (now - latestStartedNanos < updateIntervalNanos && !latest.isCompletedExceptionally()));
        if (!fresh) {
            latest = fetch();
            latestStartedNanos = now;
        }
        return latest;
    }

    private CompletableFuture<MetricStore> fetch() {
        return gateway.listTaskManagers().thenCompose(tms -> {
            List<CompletableFuture<List<MetricDump>>> asked = new ArrayList<>();
            for (TaskManagerDetails tm : tms) {
                asked.add(taskManagers
                        .requestMetrics(tm.id())
                        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionally(failure -> {
                            LOG.debug(
                                    "TaskManager {} gave no metrics, left out: {}",
                                    tm.id(),
                                    RestErrors.unwrap(failure).toString());
                            return List.of();
                        }));
            }
            return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
                    .thenApply(v -> {
                        List<MetricDump> all = new ArrayList<>(jobManager.dumpMetrics());
                        asked.forEach(f -> all.addAll(f.join()));
                        return new MetricStore(all, System.currentTimeMillis());
                    });
        });
    }
}
