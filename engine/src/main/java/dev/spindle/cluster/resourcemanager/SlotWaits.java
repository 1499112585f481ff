package dev.spindle.cluster.resourcemanager;

import dev.spindle.config.ClusterOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what the slot requests that wait are waiting for (slots wanted, free, TaskManagers pending
 * and starting, the cap), so that a job that cannot get its slots does not wait silently: the
 * explanation of each owner is logged when it starts waiting and then at most every
 * {@link #LOG_INTERVAL_MILLIS}, and clients read it through {@link #explanation}.
 *
 * <p>Threading: {@link #waiting} and {@link #served} on the resource manager's main thread;
 * {@link #explanation} on any thread.
 */
final class SlotWaits {
    private static final Logger LOG = LoggerFactory.getLogger(SlotWaits.class);
    /** How often the explanation of one waiting request is logged again. */
    static final long LOG_INTERVAL_MILLIS = 10_000;

    private final Map<Object, String> explanations = new ConcurrentHashMap<>();
    private final Map<Object, Long> lastLogged = new HashMap<>();

    /**
     * What the resource manager has and may still get, as a waiting request sees it.
     *
     * @param free free slots of registered TaskManagers
     * @param total slots of registered TaskManagers
     * @param taskManagers registered TaskManagers
     * @param pendingWorkers TaskManagers asked of the driver that it has not started yet
     * @param startingWorkers TaskManagers started that have not registered yet
     * @param slotsPerWorker slots of each TaskManager the resource manager starts
     * @param maxSlots {@code slotmanager.number-of-slots.max}, {@link Integer#MAX_VALUE} when unset
     * @param canStart whether the resource manager has a driver that starts TaskManagers
     * @param startsPaused whether starts pause after failing too often
     */
    record Supply(
            int free,
            int total,
            int taskManagers,
            int pendingWorkers,
            int startingWorkers,
            int slotsPerWorker,
            int maxSlots,
            boolean canStart,
            boolean startsPaused) {

        /** Whether one more TaskManager would take the cluster beyond the cap. */
        boolean atCap() {
            return (long) total + (long) (pendingWorkers + startingWorkers + 1) * slotsPerWorker > maxSlots;
        }
    }

    /** One line: what a request for {@code wanted} slots waits for. */
    static String explain(int wanted, Supply s) {
        StringBuilder b = new StringBuilder("waiting for ")
                .append(plural(wanted, "slot"))
                .append(": ")
                .append(s.free())
                .append(" free of ")
                .append(s.total())
                .append(" in ")
                .append(plural(s.taskManagers(), "TaskManager"))
                .append(", ")
                .append(plural(s.pendingWorkers(), "TaskManager"))
                .append(" pending, ")
                .append(s.startingWorkers())
                .append(" starting");
        if (!s.canStart()) {
            b.append("; this cluster starts no TaskManagers (a fixed set)");
        } else if (s.startsPaused()) {
            b.append("; TaskManager starts are paused after failing too often (")
                    .append(ClusterOptions.START_WORKER_MAX_FAILURE_RATE.key())
                    .append(')');
        } else if (s.atCap()
                && s.free() + (long) (s.pendingWorkers() + s.startingWorkers()) * s.slotsPerWorker() < wanted) {
            // Only when the cap is what keeps this request waiting, not while its TaskManagers start.
            b.append("; the cluster is at ")
                    .append(ClusterOptions.MAX_SLOTS.key())
                    .append(" = ")
                    .append(s.maxSlots())
                    .append(": waiting for other jobs to release slots");
        }
        return b.toString();
    }

    /**
     * The failure of a request for {@code count} slots where the cap lets the cluster have at most
     * {@code reachable}: it names the option, the slots wanted and the cap.
     */
    static IllegalStateException beyondCap(int count, int reachable, int maxSlots, int slotsPerWorker) {
        String rounded = reachable == maxSlots
                ? ""
                : " (whole TaskManagers of " + slotsPerWorker + " slots: at most " + reachable + ")";
        return new IllegalStateException(
                count + " slots wanted, but " + ClusterOptions.MAX_SLOTS.key() + " = " + maxSlots + " caps the cluster"
                        + rounded + "; lower the parallelism or raise " + ClusterOptions.MAX_SLOTS.key());
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The request of {@code owner} waits: keeps its explanation and logs it if it is time to. */
    void waiting(Object owner, int wanted, Supply supply, long now) {
        String explanation = explain(wanted, supply);
        explanations.put(owner, explanation);
        Long last = lastLogged.get(owner);
        if (last == null || now - last >= LOG_INTERVAL_MILLIS) {
            lastLogged.put(owner, now);
            LOG.info("Slot request of {} is {}", owner, explanation);
        }
    }

    /** The request of {@code owner} is served, failed or withdrawn. */
    void served(Object owner) {
        explanations.remove(owner);
        lastLogged.remove(owner);
    }

    /** What the request of {@code owner} waits for; null when it waits for nothing. */
    String explanation(Object owner) {
        return explanations.get(owner);
    }
}
