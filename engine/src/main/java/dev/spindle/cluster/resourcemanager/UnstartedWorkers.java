package dev.spindle.cluster.resourcemanager;

import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.WorkerId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * The workers the resource manager requested from its {@link ResourceDriver} that have not started
 * yet (their futures are not complete), so that it can withdraw those no job needs any more:
 * cancelling a request's future withdraws it ({@link ResourceDriver#requestWorker}), and a YARN
 * cluster does not start containers only for them to idle out. Main thread only.
 */
final class UnstartedWorkers {
    private final Deque<CompletableFuture<WorkerId>> requests = new ArrayDeque<>();

    void add(CompletableFuture<WorkerId> request) {
        requests.add(request);
    }

    /** The request completed (started, failed or withdrawn). */
    void remove(CompletableFuture<WorkerId> request) {
        requests.remove(request);
    }

    /**
     * Withdraws up to {@code count} requests, the newest first; returns how many it withdrew (a
     * request that completed meanwhile cannot be).
     */
    int withdraw(int count) {
        int withdrawn = 0;
        while (withdrawn < count && !requests.isEmpty()) {
            if (requests.pollLast().cancel(false)) {
                withdrawn++;
            }
        }
        return withdrawn;
    }
}
