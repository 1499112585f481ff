package dev.spindle.cluster.resourcemanager;

import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resource manager's worker life cycle: how many workers it asked its {@link ResourceDriver}
 * for, which started and have not registered yet, withdrawing requests no job needs any more,
 * releasing idle ones, and the failed starts that pause starting ({@link StartFailures}). It works
 * in slots, as told by the resource manager; it knows nothing of jobs. Main thread only.
 */
final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

    private final ScheduledExecutorService main;
    private final TaskManagerRegistry taskManagers;
    private final Consumer<String> onFailedStart;
    private final WorkerSpec spec;
    private final int minSlots;
    /** {@code slotmanager.number-of-slots.max}; {@link Integer#MAX_VALUE} when unset. */
    private final int maxSlots;

    private final long idleTimeout;
    private final StartFailures failedStarts;
    private final long startRetryInterval;
    private final long registrationTimeout;
    /** Set once by the resource manager; null while there is none. */
    private ResourceDriver driver;
    /**
     * Whether this JobManager still leads (high availability): one that lost its leadership neither
     * stops nor starts workers, since they serve, or are to serve, the next leader. Any thread.
     */
    private volatile BooleanSupplier leading = () -> true;

    private int requested;
    /** Workers the driver started that have not registered yet (by resource id). */
    private final Set<String> started = new HashSet<>();

    private final UnstartedWorkers unstarted = new UnstartedWorkers();
    private boolean startsPaused;

    /** @param onFailedStart told (the reason) when a requested worker could not be started */
    Workers(
            Configuration config,
            ScheduledExecutorService main,
            TaskManagerRegistry taskManagers,
            Consumer<String> onFailedStart) {
        this.main = main;
        this.taskManagers = taskManagers;
        this.onFailedStart = onFailedStart;
        this.spec = new WorkerSpec(
                config.get(ClusterOptions.TASK_SLOTS), config.get(ClusterOptions.TASK_MANAGER_MEMORY), 1);
        this.minSlots = config.get(ClusterOptions.MIN_SLOTS);
        Integer max = config.get(ClusterOptions.MAX_SLOTS);
        this.maxSlots = max == null ? Integer.MAX_VALUE : max;
        this.idleTimeout = config.get(ClusterOptions.TASK_MANAGER_TIMEOUT).toMillis();
        this.failedStarts = new StartFailures(config.get(ClusterOptions.START_WORKER_MAX_FAILURE_RATE));
        this.startRetryInterval =
                config.get(ClusterOptions.START_WORKER_RETRY_INTERVAL).toMillis();
        this.registrationTimeout =
                config.get(ClusterOptions.TASK_MANAGER_REGISTRATION_TIMEOUT).toMillis();
    }

    void setDriver(ResourceDriver newDriver) {
        if (driver != null) {
            throw new IllegalStateException("the resource manager already has a driver");
        }
        driver = newDriver;
    }

    ResourceDriver driver() {
        return driver;
    }

    void setLeadershipCheck(BooleanSupplier stillLeading) {
        leading = stillLeading;
    }

    int slotsPerWorker() {
        return spec.slots();
    }

    int maxSlots() {
        return maxSlots;
    }

    /** The most slots the cluster can ever have: what it has, or whole workers up to the cap. */
    int reachableSlots(int totalSlots) {
        return Math.max(totalSlots, maxSlots / spec.slots() * spec.slots());
    }

    /**
     * Asks the driver for the workers that {@code slotsForJobs} (slots jobs wait for beyond the
     * free ones) and the minimum need beyond those already asked for: whole workers only, and none
     * beyond the cap.
     */
    void requestIfNeeded(int slotsForJobs, int totalSlots) {
        if (driver == null || startsPaused || !leading.getAsBoolean()) {
            return;
        }
        int needed = Math.max(slotsForJobs, minSlots - totalSlots) - requested * spec.slots();
        while (needed > 0 && (long) totalSlots + (long) (requested + 1) * spec.slots() <= maxSlots) {
            requested++;
            needed -= spec.slots();
            CompletableFuture<WorkerId> worker = driver.requestWorker(spec);
            unstarted.add(worker);
            worker.whenCompleteAsync(
                    (id, err) -> {
                        unstarted.remove(worker);
                        if (worker.isCancelled()) {
                            return; // withdrawn, and counted out then
                        }
                        if (err != null) {
                            requested--;
                            LOG.warn("Could not start a TaskManager: {}", err.toString());
                            onFailedStart.accept("could not start a TaskManager: " + err.getMessage());
                        } else {
                            if (!taskManagers.contains(id.value())) {
                                started.add(id.value());
                            }
                            LOG.info("Started TaskManager {}; waiting for it to register", id);
                        }
                    },
                    main);
        }
    }

    /** Withdraws the requests for unstarted workers beyond what jobs and the minimum want ({@link #requestIfNeeded}'s inverse). */
    void withdrawUnneeded(int slotsForJobs, int totalSlots) {
        int wanted = Math.max(0, Math.max(slotsForJobs, minSlots - totalSlots));
        int withdrawn = unstarted.withdraw(requested - (wanted + spec.slots() - 1) / spec.slots());
        if (withdrawn > 0) {
            requested -= withdrawn;
            LOG.info("Withdrew {} TaskManager request(s) no job needs any more", withdrawn);
        }
    }

    /**
     * Workers of the cluster's previous incarnation that still run: awaited as started ones. One that
     * has not registered within {@code taskmanager.registration.timeout} is released.
     */
    void recovered(java.util.Collection<WorkerId> workers) {
        for (WorkerId id : workers) {
            if (taskManagers.contains(id.value()) || !started.add(id.value())) {
                continue;
            }
            requested++;
            LOG.info("TaskManager {} of the previous attempt still runs; waiting for it to register", id);
            main.schedule(
                    () -> {
                        if (started.remove(id.value())) {
                            requested = Math.max(0, requested - 1);
                            LOG.warn(
                                    "TaskManager {} of the previous attempt did not register within {} ms; releasing it",
                                    id,
                                    registrationTimeout);
                            release(id.value());
                            // Replaced as a worker that failed to start is.
                            onFailedStart.accept("TaskManager " + id + " of the previous attempt did not register");
                        }
                    },
                    registrationTimeout,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** A requested worker registered. */
    void registered(String resourceId) {
        if (requested > 0) {
            requested--;
        }
        started.remove(resourceId);
    }

    /** Whether {@code resourceId}, which is not registered, was a worker still awaited (it died before registering). */
    boolean diedBeforeRegistering(String resourceId) {
        if (driver == null || requested == 0) {
            return false;
        }
        requested--;
        started.remove(resourceId);
        return true;
    }

    /** Releases a TaskManager's worker (it was lost or is idle); nothing without a driver. */
    void release(String resourceId) {
        if (driver != null && !leading.getAsBoolean()) {
            LOG.info(
                    "Not stopping TaskManager {}: this JobManager no longer leads, the next leader adopts it",
                    resourceId);
        } else if (driver != null) {
            driver.releaseWorker(new WorkerId(resourceId));
        }
    }

    /**
     * Releases {@code tm}'s worker if it has been idle for {@code resourcemanager.taskmanager-timeout}
     * while no job waits, and the cluster keeps its minimum without it; returns whether it did.
     */
    boolean releaseIfIdle(RegisteredTaskManager tm, boolean jobsWait, int totalSlots, long now) {
        if (driver == null
                || jobsWait
                || tm.freeSlots() != tm.slotOwners.length
                || now - tm.idleSince <= idleTimeout
                || totalSlots - tm.slotOwners.length < minSlots) {
            return false;
        }
        LOG.info("Releasing TaskManager {}: idle for {} ms", tm.registration.resourceId(), now - tm.idleSince);
        release(tm.registration.resourceId());
        return true;
    }

    /**
     * Counts a failed start; returns how many failed in the last minute if that is beyond the
     * allowed rate, else -1 (the caller then replaces the worker at once).
     */
    int failedStart(long now) {
        int inLastMinute = failedStarts.add(now);
        return failedStarts.beyondRate(inLastMinute) ? inLastMinute : -1;
    }

    /** Stops starting workers for {@code resourcemanager.start-worker.retry-interval}, then runs {@code resume}. */
    void pauseStarts(String why, Runnable resume) {
        if (startsPaused) {
            return;
        }
        LOG.error("{}; next try in {} ms", why, startRetryInterval);
        startsPaused = true;
        main.schedule(
                () -> {
                    startsPaused = false;
                    resume.run();
                },
                startRetryInterval,
                TimeUnit.MILLISECONDS);
    }

    /** What the cluster can offer a request that waits, for {@link SlotWaits}. */
    SlotWaits.Supply supply(int freeSlots, int totalSlots) {
        int starting = started.size();
        return new SlotWaits.Supply(
                freeSlots,
                totalSlots,
                taskManagers.size(),
                Math.max(0, requested - starting),
                starting,
                spec.slots(),
                maxSlots,
                driver != null,
                startsPaused);
    }
}
