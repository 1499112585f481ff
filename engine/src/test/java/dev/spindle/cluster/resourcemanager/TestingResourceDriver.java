package dev.spindle.cluster.resourcemanager;

import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.ResourceEventHandler;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A driver that records requests and releases and starts nothing: its workers "start" at once
 * (or, with {@link #holdStarts}, never) and register only when a test registers them. Tests report
 * terminations and driver errors through it.
 */
public final class TestingResourceDriver implements ResourceDriver {
    public final List<WorkerId> requested = new CopyOnWriteArrayList<>();
    public final List<WorkerId> released = new CopyOnWriteArrayList<>();
    /** Requests the resource manager withdrew (cancelled their futures) before they started. */
    public final List<WorkerId> withdrawn = new CopyOnWriteArrayList<>();
    /** When set, requested workers are never started (their futures never complete), as when YARN has no room. */
    volatile boolean holdStarts;

    private volatile ResourceEventHandler handler;
    private volatile Executor mainThread;

    /** Workers reported at initialization as still running from an earlier incarnation. */
    public volatile List<WorkerId> previousWorkers = List.of();

    @Override
    public void initialize(ResourceEventHandler handler, Executor mainThread) {
        this.handler = handler;
        this.mainThread = mainThread;
        if (!previousWorkers.isEmpty()) {
            handler.onPreviousWorkersRecovered(previousWorkers);
        }
    }

    @Override
    public CompletableFuture<WorkerId> requestWorker(WorkerSpec spec) {
        WorkerId id = new WorkerId("w" + (requested.size() + 1));
        requested.add(id);
        if (!holdStarts) {
            return CompletableFuture.completedFuture(id);
        }
        CompletableFuture<WorkerId> future = new CompletableFuture<>();
        future.whenComplete((w, error) -> {
            if (future.isCancelled()) {
                withdrawn.add(id);
            }
        });
        return future;
    }

    @Override
    public void releaseWorker(WorkerId worker) {
        released.add(worker);
    }

    /** How the resource manager ended the driver: null while it has not, else "terminate" or "keeping workers". */
    public volatile String terminatedBy;

    @Override
    public void terminate() {
        terminatedBy = "terminate";
    }

    @Override
    public void terminateKeepingWorkers() {
        terminatedBy = "keeping workers";
    }

    public void terminate(WorkerId worker, String diagnostics) {
        mainThread.execute(() -> handler.onWorkerTerminated(worker, diagnostics));
    }

    public void fail(Throwable error) {
        mainThread.execute(() -> handler.onError(error));
    }
}
