package dev.spindle.cluster.resourcemanager;

import dev.spindle.config.ClusterOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The resource manager's slot bookkeeping: the requests of jobs that wait for slots, served from
 * the registered TaskManagers' free slots in arrival order as slots free up, withdrawn when their
 * job goes, failed when they time out; what each waits for ({@link SlotWaits}). Main thread only.
 */
final class SlotPool {
    private record Request(
            Object owner,
            int slots,
            CompletableFuture<List<ResourceManager.Slot>> future,
            long deadline,
            long timeoutMillis) {}

    private final TaskManagerRegistry taskManagers;
    private final List<Request> waiting = new ArrayList<>();
    private final SlotWaits waits = new SlotWaits();

    SlotPool(TaskManagerRegistry taskManagers) {
        this.taskManagers = taskManagers;
    }

    void request(
            Object owner,
            int slots,
            CompletableFuture<List<ResourceManager.Slot>> future,
            long now,
            long timeoutMillis) {
        waiting.add(new Request(owner, slots, future, now + timeoutMillis, timeoutMillis));
    }

    /** Gives slots to the waiting requests that free slots can serve now. */
    void serve() {
        for (var it = waiting.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (taskManagers.freeSlots() < r.slots) {
                continue;
            }
            List<ResourceManager.Slot> slots = new ArrayList<>();
            for (RegisteredTaskManager tm : taskManagers.all()) {
                tm.take(r.owner, r.slots, slots);
            }
            it.remove();
            waits.served(r.owner);
            r.future.complete(slots);
        }
    }

    /** The slots the waiting requests want in all. */
    int wanted() {
        return waiting.stream().mapToInt(Request::slots).sum();
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Frees every slot of {@code owner} and withdraws its request if it still waits (its job was cancelled). */
    void release(Object owner, long now) {
        for (RegisteredTaskManager tm : taskManagers.all()) {
            tm.release(owner, now);
        }
        List<Request> withdrawn = waiting.stream().filter(r -> r.owner == owner).toList();
        waiting.removeAll(withdrawn);
        // Before the futures complete: whoever they wake must not see the request as waiting still.
        waits.served(owner);
        for (Request r : withdrawn) {
            r.future.completeExceptionally(new IllegalStateException("the slot request was withdrawn while it waited"));
        }
    }

    /** Fails the requests that waited past their timeout, saying what they waited for. */
    void expire(long now) {
        for (var it = waiting.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (now > r.deadline) {
                it.remove();
                String waitedFor = waits.explanation(r.owner);
                waits.served(r.owner);
                r.future.completeExceptionally(new TimeoutException("could not get " + r.slots + " slots within "
                        + ClusterOptions.SLOT_REQUEST_TIMEOUT.key() + " (" + r.timeoutMillis + " ms)"
                        + (waitedFor == null ? "" : "; it was " + waitedFor)));
            }
        }
    }

    /** Fails every waiting request with {@code failure}. */
    void failAll(RuntimeException failure) {
        for (Request r : waiting) {
            waits.served(r.owner);
            r.future.completeExceptionally(failure);
        }
        waiting.clear();
    }

    /** Records what each waiting request waits for, given the cluster's {@code supply}. */
    void explain(SlotWaits.Supply supply, long now) {
        for (Request r : waiting) {
            waits.waiting(r.owner, r.slots, supply, now);
        }
    }

    /** What the request of {@code owner} waits for, or null; any thread. */
    String explanation(Object owner) {
        return waits.explanation(owner);
    }
}
