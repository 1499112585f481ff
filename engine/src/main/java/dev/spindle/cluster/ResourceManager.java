package dev.spindle.cluster;

import dev.spindle.config.ClusterOptions;
import dev.spindle.config.ConfigChecks;
import dev.spindle.config.Configuration;
import dev.spindle.jobmanager.TaskManagerDetails;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.ResourceEventHandler;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the TaskManagers and their slots: registrations, heartbeats both ways, slot allocation,
 * and the workers it asks its {@link ResourceDriver} for when jobs need more slots than there are.
 * A TaskManager silent for {@code heartbeat.timeout}, or whose worker the driver reports dead,
 * is lost: its listener hears of it, so that the jobs with tasks there fail naming it. It never
 * starts TaskManagers beyond {@code slotmanager.number-of-slots.max}, and fails at once a request
 * for more slots than that allows; requests that wait say what they wait for ({@link SlotWaits}).
 * Requests for workers that no job needs any more before they started are withdrawn.
 *
 * <p>Threading: all state changes on one main thread ({@link #mainThread()}); public methods hop
 * onto it and return futures.
 */
public final class ResourceManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceManager.class);

    private final ScheduledExecutorService main = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "Spindle resource manager");
        t.setDaemon(true);
        return t;
    });
    /** Set once, on the main thread, by {@link #startDriver}; null while there is none. */
    private ResourceDriver driver;
    private final Function<TaskManagerRegistration, CompletableFuture<TaskExecutorGateway>> connector;
    private final BiConsumer<String, String> onTaskManagerLost;
    private final WorkerSpec workerSpec;
    private final long heartbeatInterval;
    private final long heartbeatTimeout;
    private final long idleTimeout;
    private final int minSlots;
    /** {@code slotmanager.number-of-slots.max}; {@link Integer#MAX_VALUE} when unset. */
    private final int maxSlots;
    private final SlotWaits slotWaits = new SlotWaits();
    /** Workers the driver started that have not registered yet (by resource id). */
    private final java.util.Set<String> startedWorkers = new java.util.HashSet<>();
    private final Map<String, RegisteredTaskManager> taskManagers = new LinkedHashMap<>();
    private final List<PendingRequest> pending = new ArrayList<>();
    private int requestedWorkers;
    private final UnstartedWorkers unstarted = new UnstartedWorkers();
    private final StartFailures failedStarts;
    private final long startRetryInterval;
    private boolean startsPaused;
    private long heartbeatSequence;

    /** A slot given to an owner (a job). */
    public record Slot(String resourceId, int index, TaskExecutorGateway gateway, String dataHost, int dataPort) {
    }

    private record PendingRequest(Object owner, int slots, CompletableFuture<List<Slot>> future, long deadline,
            long timeoutMillis) {
    }

    /**
     * @param config heartbeat, slot and worker settings
     * @param driver starts workers; null for a cluster of a fixed set of TaskManagers, or until
     *     {@link #startDriver} gives it one
     * @param connector opens the gateway to a TaskManager that registered
     * @param onTaskManagerLost told (resource id, reason) when a TaskManager is lost, on the main thread
     */
    public ResourceManager(Configuration config, ResourceDriver driver,
            Function<TaskManagerRegistration, CompletableFuture<TaskExecutorGateway>> connector,
            BiConsumer<String, String> onTaskManagerLost) throws Exception {
        this.connector = connector;
        this.onTaskManagerLost = onTaskManagerLost;
        this.workerSpec = new WorkerSpec(config.get(ClusterOptions.TASK_SLOTS), config.get(ClusterOptions.TASK_MANAGER_MEMORY), 1);
        this.heartbeatInterval = config.get(ClusterOptions.HEARTBEAT_INTERVAL).toMillis();
        this.heartbeatTimeout = config.get(ClusterOptions.HEARTBEAT_TIMEOUT).toMillis();
        this.idleTimeout = config.get(ClusterOptions.TASK_MANAGER_TIMEOUT).toMillis();
        ConfigChecks.slotBounds(config);
        this.minSlots = config.get(ClusterOptions.MIN_SLOTS);
        Integer max = config.get(ClusterOptions.MAX_SLOTS);
        this.maxSlots = max == null ? Integer.MAX_VALUE : max;
        this.failedStarts = new StartFailures(config.get(ClusterOptions.START_WORKER_MAX_FAILURE_RATE));
        this.startRetryInterval = config.get(ClusterOptions.START_WORKER_RETRY_INTERVAL).toMillis();
        if (driver != null) {
            startDriver(driver);
        }
        main.scheduleWithFixedDelay(this::tick, heartbeatInterval, Math.max(50, heartbeatInterval / 2), TimeUnit.MILLISECONDS);
    }

    public ScheduledExecutorService mainThread() {
        return main;
    }

    /**
     * Gives the resource manager its driver, initializes it and asks it for the workers the
     * resource manager already needs; returns once that is done. A driver given to the constructor
     * starts this way at once; a cluster whose driver can only be made once the rest of the
     * JobManager runs (a YARN ApplicationMaster registers with its REST endpoint's URL) starts
     * without one and calls this later.
     *
     * @throws IllegalStateException if it already has a driver
     * @throws Exception what {@link ResourceDriver#initialize} threw
     */
    public void startDriver(ResourceDriver newDriver) throws Exception {
        startDriver(newDriver, error -> { });
    }

    /**
     * As {@link #startDriver(ResourceDriver)}, with {@code onDriverError} told (on the main thread)
     * when the driver cannot go on ({@link ResourceEventHandler#onError}), e.g. a YARN
     * ApplicationMaster that lost its ResourceManager: the owner decides how the process ends.
     */
    public void startDriver(ResourceDriver newDriver, Consumer<Throwable> onDriverError) throws Exception {
        try {
            main.submit(() -> {
                if (driver != null) {
                    throw new IllegalStateException("the resource manager already has a driver");
                }
                driver = newDriver;
                driver.initialize(new ResourceEventHandler() {
                    @Override
                    public void onWorkerTerminated(WorkerId worker, String diagnostics) {
                        lose(worker.value(), "TaskManager " + worker + " terminated: " + diagnostics);
                    }

                    @Override
                    public void onError(Throwable error) {
                        LOG.error("The resource driver failed: {}", error.toString(), error);
                        onDriverError.accept(error);
                    }
                }, main);
                requestWorkersIfNeeded();
                return null;
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    public CompletableFuture<RegistrationResponse> register(TaskManagerRegistration r) {
        return connector.apply(r).thenApplyAsync(gateway -> {
            RegisteredTaskManager previous = taskManagers.put(r.resourceId(), new RegisteredTaskManager(r, gateway));
            if (previous != null) {
                lose(previous, "TaskManager " + r.resourceId() + " registered again");
                taskManagers.put(r.resourceId(), new RegisteredTaskManager(r, gateway));
            }
            if (requestedWorkers > 0) {
                requestedWorkers--;
            }
            startedWorkers.remove(r.resourceId());
            LOG.info("TaskManager {} registered ({}:{}, {} slots)", r.resourceId(), r.rpcHost(), r.rpcPort(), r.slots());
            servePending();
            return new RegistrationResponse(true, null, heartbeatInterval, heartbeatTimeout);
        }, main);
    }

    public CompletableFuture<Void> heartbeatFrom(String resourceId) {
        return CompletableFuture.supplyAsync(() -> {
            RegisteredTaskManager tm = taskManagers.get(resourceId);
            if (tm == null) {
                throw new IllegalStateException("TaskManager " + resourceId + " is not registered");
            }
            tm.lastHeartbeat = System.currentTimeMillis();
            return null;
        }, main);
    }

    /**
     * Allocates {@code count} slots to {@code owner}, starting workers if needed; fails after
     * {@code timeoutMillis}, and at once if the cap ({@code slotmanager.number-of-slots.max}) keeps
     * the cluster from ever having {@code count} slots.
     */
    public CompletableFuture<List<Slot>> allocate(Object owner, int count, long timeoutMillis) {
        CompletableFuture<List<Slot>> future = new CompletableFuture<>();
        main.execute(() -> {
            int reachable = Math.max(totalSlots(), maxSlots / workerSpec.slots() * workerSpec.slots());
            if (count > reachable) {
                future.completeExceptionally(SlotWaits.beyondCap(count, reachable, maxSlots, workerSpec.slots()));
                return;
            }
            pending.add(new PendingRequest(owner, count, future, System.currentTimeMillis() + timeoutMillis,
                    timeoutMillis));
            servePending();
            requestWorkersIfNeeded();
            explainWaits();
        });
        return future;
    }

    /** What the requests that wait are waiting for, for clients and the log. */
    private void explainWaits() {
        if (pending.isEmpty()) {
            return;
        }
        int started = startedWorkers.size();
        SlotWaits.Supply supply = new SlotWaits.Supply(freeSlots(), totalSlots(), taskManagers.size(),
                Math.max(0, requestedWorkers - started), started, workerSpec.slots(), maxSlots, driver != null,
                startsPaused);
        long now = System.currentTimeMillis();
        for (PendingRequest p : pending) {
            slotWaits.waiting(p.owner, p.slots, supply, now);
        }
    }

    /**
     * What the slot request of {@code owner} waits for (one line), or null if it waits for nothing.
     * Any thread; as of the resource manager's last look (at most a heartbeat interval old).
     */
    public String pendingResources(Object owner) {
        return slotWaits.explanation(owner);
    }

    /** Frees every slot of {@code owner} and withdraws its request if it still waits. */
    public void release(Object owner) {
        main.execute(() -> {
            long now = System.currentTimeMillis();
            for (RegisteredTaskManager tm : taskManagers.values()) {
                tm.release(owner, now);
            }
            // A request still waiting is withdrawn (its job was cancelled): no more workers for it.
            pending.removeIf(p -> p.owner == owner && p.future.completeExceptionally(
                    new IllegalStateException("the slot request was withdrawn while it waited")));
            slotWaits.served(owner);
            servePending();
            withdrawUnneededWorkers();
        });
    }

    private void servePending() {
        for (var it = pending.iterator(); it.hasNext();) {
            PendingRequest p = it.next();
            int free = freeSlots();
            if (free < p.slots) {
                continue;
            }
            List<Slot> slots = new ArrayList<>();
            for (RegisteredTaskManager tm : taskManagers.values()) {
                tm.take(p.owner, p.slots, slots);
            }
            it.remove();
            slotWaits.served(p.owner);
            p.future.complete(slots);
        }
    }

    private void requestWorkersIfNeeded() {
        if (driver == null || startsPaused) {
            return;
        }
        int free = freeSlots();
        int total = totalSlots();
        int forJobs = pending.stream().mapToInt(PendingRequest::slots).sum() - free;
        int forMinimum = minSlots - total;
        int needed = Math.max(forJobs, forMinimum) - requestedWorkers * workerSpec.slots();
        // Whole workers only, and none that would take the cluster beyond the cap.
        while (needed > 0 && (long) total + (long) (requestedWorkers + 1) * workerSpec.slots() <= maxSlots) {
            requestedWorkers++;
            needed -= workerSpec.slots();
            CompletableFuture<WorkerId> worker = driver.requestWorker(workerSpec);
            unstarted.add(worker);
            worker.whenCompleteAsync((id, err) -> {
                unstarted.remove(worker);
                if (worker.isCancelled()) {
                    return; // withdrawn, and counted out then
                }
                if (err != null) {
                    requestedWorkers--;
                    LOG.warn("Could not start a TaskManager: {}", err.toString());
                    failedStart("could not start a TaskManager: " + err.getMessage());
                } else {
                    if (!taskManagers.containsKey(id.value())) {
                        startedWorkers.add(id.value());
                    }
                    LOG.info("Started TaskManager {}; waiting for it to register", id);
                }
            }, main);
        }
    }

    /** Withdraws the requests for unstarted workers beyond what jobs and the minimum want (requestWorkersIfNeeded's inverse). */
    private void withdrawUnneededWorkers() {
        int wanted = Math.max(0, Math.max(pending.stream().mapToInt(PendingRequest::slots).sum() - freeSlots(),
                minSlots - totalSlots()));
        int withdrawn = unstarted.withdraw(requestedWorkers - (wanted + workerSpec.slots() - 1) / workerSpec.slots());
        if (withdrawn > 0) {
            requestedWorkers -= withdrawn;
            LOG.info("Withdrew {} TaskManager request(s) no job needs any more", withdrawn);
        }
    }

    /** Heartbeats to TaskManagers, loss detection, request timeouts, idle release. */
    private void tick() {
        long now = System.currentTimeMillis();
        long seq = ++heartbeatSequence;
        for (RegisteredTaskManager tm : List.copyOf(taskManagers.values())) {
            if (now - tm.lastHeartbeat > heartbeatTimeout) {
                lose(tm, "TaskManager " + tm.registration.resourceId() + " at " + tm.registration.rpcHost() + ":"
                        + tm.registration.rpcPort() + " lost: no heartbeat for " + (now - tm.lastHeartbeat) + " ms");
                continue;
            }
            tm.gateway.heartbeat(seq);
            if (driver != null && tm.freeSlots() == tm.slotOwners.length && pending.isEmpty()
                    && now - tm.idleSince > idleTimeout && totalSlots() - tm.slotOwners.length >= minSlots) {
                LOG.info("Releasing TaskManager {}: idle for {} ms", tm.registration.resourceId(), now - tm.idleSince);
                taskManagers.remove(tm.registration.resourceId());
                driver.releaseWorker(new WorkerId(tm.registration.resourceId()));
            }
        }
        for (var it = pending.iterator(); it.hasNext();) {
            PendingRequest p = it.next();
            if (now > p.deadline) {
                it.remove();
                String waitedFor = slotWaits.explanation(p.owner);
                slotWaits.served(p.owner);
                p.future.completeExceptionally(new java.util.concurrent.TimeoutException("could not get " + p.slots
                        + " slots within " + ClusterOptions.SLOT_REQUEST_TIMEOUT.key() + " ("
                        + p.timeoutMillis + " ms)" + (waitedFor == null ? "" : "; it was " + waitedFor)));
            }
        }
        withdrawUnneededWorkers();
        explainWaits();
    }

    private int freeSlots() {
        return taskManagers.values().stream().mapToInt(RegisteredTaskManager::freeSlots).sum();
    }

    private int totalSlots() {
        return taskManagers.values().stream().mapToInt(tm -> tm.slotOwners.length).sum();
    }

    private void lose(String resourceId, String reason) {
        RegisteredTaskManager tm = taskManagers.get(resourceId);
        if (tm != null) {
            lose(tm, reason);
        } else if (driver != null && requestedWorkers > 0) {
            requestedWorkers--; // a worker that died before registering
            startedWorkers.remove(resourceId);
            failedStart(reason);
        }
    }

    /**
     * A worker did not come up. Within the failure rate it is replaced at once; beyond it the
     * jobs waiting for slots fail with the reason (a broken setup would otherwise start processes
     * in a loop while they wait), and the next start waits for the retry interval.
     */
    private void failedStart(String reason) {
        int inLastMinute = failedStarts.add(System.currentTimeMillis());
        if (!failedStarts.beyondRate(inLastMinute)) {
            requestWorkersIfNeeded();
            return;
        }
        IllegalStateException failure = new IllegalStateException("TaskManagers fail to start (" + inLastMinute
                + " in the last minute, more than " + ClusterOptions.START_WORKER_MAX_FAILURE_RATE.key() + "); the last: "
                + reason);
        for (PendingRequest p : pending) {
            slotWaits.served(p.owner);
            p.future.completeExceptionally(failure);
        }
        pending.clear();
        withdrawUnneededWorkers();
        if (!startsPaused) {
            LOG.error("{}; next try in {} ms", failure.getMessage(), startRetryInterval);
            startsPaused = true;
            main.schedule(() -> {
                startsPaused = false;
                requestWorkersIfNeeded();
            }, startRetryInterval, TimeUnit.MILLISECONDS);
        }
    }

    private void lose(RegisteredTaskManager tm, String reason) {
        taskManagers.remove(tm.registration.resourceId());
        LOG.warn("{}", reason);
        onTaskManagerLost.accept(tm.registration.resourceId(), reason);
        if (driver != null) {
            driver.releaseWorker(new WorkerId(tm.registration.resourceId()));
            requestWorkersIfNeeded(); // keeps the minimum
        }
    }

    /** The registered TaskManagers, for clients. */
    public CompletableFuture<List<TaskManagerDetails>> taskManagers() {
        return CompletableFuture.supplyAsync(
                () -> taskManagers.values().stream().map(RegisteredTaskManager::details).toList(), main);
    }

    /** Stops every worker the driver started (waiting up to 30 s) and the main thread. */
    @Override
    public void close() {
        try {
            if (driver != null) {
                main.submit(() -> {
                    driver.terminate();
                    return null;
                }).get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("Stopping the TaskManagers did not complete: {}", e.toString());
        } finally {
            main.shutdownNow();
        }
    }
}
