package dev.spindle.yarn.driver;

import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;

/**
 * The {@link YarnResourceDriver}'s container requests that wait for a container, by YARN priority:
 * each worker size gets its own priority, so that an allocated container is matched to the oldest
 * request of its priority even when YARN rounded its resource up. Main thread only.
 */
final class PendingRequests {
    /** The priority of the first worker size; each further size gets the next one. */
    private static final int FIRST_PRIORITY = 1;

    private final Map<WorkerSpec, Integer> priorities = new HashMap<>();
    private final Map<Integer, Deque<Request>> byPriority = new HashMap<>();

    /** A container request and the future of the worker it is for. */
    record Request(WorkerSpec spec, ContainerRequest request, CompletableFuture<WorkerId> future) {}

    /** The priority of the size's requests. */
    int priorityOf(WorkerSpec spec) {
        return priorities.computeIfAbsent(spec, s -> FIRST_PRIORITY + priorities.size());
    }

    void add(int priority, Request request) {
        byPriority.computeIfAbsent(priority, p -> new ArrayDeque<>()).add(request);
    }

    /** The oldest request of the priority, which an allocated container serves; null if none waits. */
    Request poll(int priority) {
        Deque<Request> queue = byPriority.get(priority);
        return queue == null ? null : queue.poll();
    }

    /** Removes the request; false if it no longer waits (a container was allocated for it). */
    boolean remove(int priority, Request request) {
        Deque<Request> queue = byPriority.get(priority);
        return queue != null && queue.remove(request);
    }

    boolean anyWaiting() {
        return byPriority.values().stream().anyMatch(q -> !q.isEmpty());
    }

    /** Removes and returns every waiting request. */
    List<Request> drain() {
        List<Request> all = new ArrayList<>();
        byPriority.values().forEach(all::addAll);
        byPriority.clear();
        return all;
    }
}
