package dev.spindle.cluster.resourcemanager;

import dev.spindle.cluster.gateway.RegistrationResponse;
import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.cluster.gateway.TaskManagerRegistration;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.ConfigChecks;
import dev.spindle.config.Configuration;
import dev.spindle.jobmanager.TaskManagerDetails;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.ResourceEventHandler;
import dev.spindle.resource.WorkerId;
import java.util.List;
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
 * <p>Three parts, which this class wires: registration and heartbeats ({@link TaskManagerRegistry}),
 * slot bookkeeping ({@link SlotPool}) and the worker life cycle ({@link Workers}).
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
    private final Function<TaskManagerRegistration, CompletableFuture<TaskExecutorGateway>> connector;
    private final BiConsumer<String, String> onTaskManagerLost;
    private final long heartbeatInterval;
    private final long heartbeatTimeout;
    private final String fencingToken;
    private final TaskManagerRegistry taskManagers = new TaskManagerRegistry();
    private final SlotPool slots = new SlotPool(taskManagers);
    private final Workers workers;
    private long heartbeatSequence;
    /** When {@link #tick} last ran: a much later tick means this process did not run (see there). */
    private long lastTick = System.currentTimeMillis();

    /** A slot given to an owner (a job). */
    public record Slot(String resourceId, int index, TaskExecutorGateway gateway, String dataHost, int dataPort) {}

    /**
     * @param config heartbeat, slot and worker settings
     * @param driver starts workers; null for a cluster of a fixed set of TaskManagers, or until
     *     {@link #startDriver} gives it one
     * @param connector opens the gateway to a TaskManager that registered
     * @param onTaskManagerLost told (resource id, reason) when a TaskManager is lost, on the main thread
     */
    public ResourceManager(
            Configuration config,
            ResourceDriver driver,
            Function<TaskManagerRegistration, CompletableFuture<TaskExecutorGateway>> connector,
            BiConsumer<String, String> onTaskManagerLost)
            throws Exception {
        this(config, java.util.UUID.randomUUID().toString(), driver, connector, onTaskManagerLost);
    }

    /**
     * As the constructor above, for the JobManager leadership with {@code fencingToken}: the
     * TaskManagers that register are given it, and every call to them carries it.
     */
    public ResourceManager(
            Configuration config,
            String fencingToken,
            ResourceDriver driver,
            Function<TaskManagerRegistration, CompletableFuture<TaskExecutorGateway>> connector,
            BiConsumer<String, String> onTaskManagerLost)
            throws Exception {
        this.fencingToken = java.util.Objects.requireNonNull(fencingToken, "fencingToken");
        this.connector = connector;
        this.onTaskManagerLost = onTaskManagerLost;
        this.heartbeatInterval = config.get(ClusterOptions.HEARTBEAT_INTERVAL).toMillis();
        this.heartbeatTimeout = config.get(ClusterOptions.HEARTBEAT_TIMEOUT).toMillis();
        ConfigChecks.slotBounds(config);
        this.workers = new Workers(config, main, taskManagers, this::failedStart);
        if (driver != null) {
            startDriver(driver);
        }
        main.scheduleWithFixedDelay(
                this::tick, heartbeatInterval, Math.max(50, heartbeatInterval / 2), TimeUnit.MILLISECONDS);
    }

    /**
     * High availability: {@code stillLeading} tells whether this JobManager still leads. Once it does
     * not, no worker is stopped or started any more: a TaskManager that lets go of a deposed leader
     * (and so looks lost to it) runs on for the next one, which adopts it.
     */
    public void setLeadershipCheck(java.util.function.BooleanSupplier stillLeading) {
        workers.setLeadershipCheck(stillLeading);
    }

    /** The fencing token of the JobManager leadership this resource manager belongs to. */
    public String fencingToken() {
        return fencingToken;
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
        startDriver(newDriver, error -> {});
    }

    /**
     * As {@link #startDriver(ResourceDriver)}, with {@code onDriverError} told (on the main thread)
     * when the driver cannot go on ({@link ResourceEventHandler#onError}), e.g. a YARN
     * ApplicationMaster that lost its ResourceManager: the owner decides how the process ends.
     */
    public void startDriver(ResourceDriver newDriver, Consumer<Throwable> onDriverError) throws Exception {
        try {
            main.submit(() -> {
                        workers.setDriver(newDriver);
                        newDriver.initialize(
                                new ResourceEventHandler() {
                                    @Override
                                    public void onWorkerTerminated(WorkerId worker, String diagnostics) {
                                        lose(worker.value(), "TaskManager " + worker + " terminated: " + diagnostics);
                                    }

                                    @Override
                                    public void onPreviousWorkersRecovered(java.util.Collection<WorkerId> recovered) {
                                        workers.recovered(recovered);
                                    }

                                    @Override
                                    public void onError(Throwable error) {
                                        LOG.error("The resource driver failed: {}", error.toString(), error);
                                        onDriverError.accept(error);
                                    }
                                },
                                main);
                        requestWorkersIfNeeded();
                        return null;
                    })
                    .get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    public CompletableFuture<RegistrationResponse> register(TaskManagerRegistration r) {
        return connector
                .apply(r)
                .thenApplyAsync(
                        gateway -> {
                            RegisteredTaskManager previous = taskManagers.register(r, gateway);
                            if (previous != null) {
                                lose(previous, "TaskManager " + r.resourceId() + " registered again");
                                taskManagers.register(r, gateway);
                            }
                            workers.registered(r.resourceId());
                            LOG.info(
                                    "TaskManager {} registered ({}:{}, {} slots)",
                                    r.resourceId(),
                                    r.rpcHost(),
                                    r.rpcPort(),
                                    r.slots());
                            slots.serve();
                            return new RegistrationResponse(
                                    true, null, heartbeatInterval, heartbeatTimeout, fencingToken);
                        },
                        main);
    }

    /**
     * The RPC connection to {@code address} closed. If a TaskManager serves there, it is probed at
     * once (a heartbeat, which opens a new connection): a process that died refuses it, and is lost
     * now rather than after {@code heartbeat.timeout}. Any thread.
     */
    public void connectionClosed(java.net.InetSocketAddress address) {
        main.execute(() -> {
            for (RegisteredTaskManager tm : List.copyOf(taskManagers.all())) {
                if (tm.registration.rpcPort() != address.getPort()
                        || !(tm.registration.rpcHost().equals(address.getHostString())
                                || tm.registration
                                        .rpcHost()
                                        .equals(
                                                address.getAddress() == null
                                                        ? null
                                                        : address.getAddress().getHostAddress()))) {
                    continue;
                }
                tm.gateway
                        .heartbeat(fencingToken, ++heartbeatSequence)
                        .whenCompleteAsync(
                                (ok, failure) -> {
                                    if (failure != null && taskManagers.get(tm.registration.resourceId()) == tm) {
                                        lose(
                                                tm,
                                                "TaskManager " + tm.registration.resourceId() + " at "
                                                        + tm.registration.rpcHost() + ":" + tm.registration.rpcPort()
                                                        + " lost: its RPC connection closed and a new one failed ("
                                                        + failure.getMessage() + ")");
                                    }
                                },
                                main);
            }
        });
    }

    public CompletableFuture<Void> heartbeatFrom(String resourceId) {
        return CompletableFuture.supplyAsync(
                () -> {
                    taskManagers.heartbeatFrom(resourceId, System.currentTimeMillis());
                    return null;
                },
                main);
    }

    /**
     * Allocates {@code count} slots to {@code owner}, starting workers if needed; fails after
     * {@code timeoutMillis}, and at once if the cap ({@code slotmanager.number-of-slots.max}) keeps
     * the cluster from ever having {@code count} slots.
     */
    public CompletableFuture<List<Slot>> allocate(Object owner, int count, long timeoutMillis) {
        CompletableFuture<List<Slot>> future = new CompletableFuture<>();
        main.execute(() -> {
            int reachable = workers.reachableSlots(taskManagers.totalSlots());
            if (count > reachable) {
                future.completeExceptionally(
                        SlotWaits.beyondCap(count, reachable, workers.maxSlots(), workers.slotsPerWorker()));
                return;
            }
            slots.request(owner, count, future, System.currentTimeMillis(), timeoutMillis);
            slots.serve();
            requestWorkersIfNeeded();
            explainWaits();
        });
        return future;
    }

    /** What the requests that wait are waiting for, for clients and the log. */
    private void explainWaits() {
        if (slots.hasWaiting()) {
            slots.explain(
                    workers.supply(taskManagers.freeSlots(), taskManagers.totalSlots()), System.currentTimeMillis());
        }
    }

    /**
     * What the slot request of {@code owner} waits for (one line), or null if it waits for nothing.
     * Any thread; as of the resource manager's last look (at most a heartbeat interval old).
     */
    public String pendingResources(Object owner) {
        return slots.explanation(owner);
    }

    /** Frees every slot of {@code owner} and withdraws its request if it still waits. */
    public void release(Object owner) {
        main.execute(() -> {
            slots.release(owner, System.currentTimeMillis());
            slots.serve();
            withdrawUnneededWorkers();
        });
    }

    /** Slots that waiting jobs want beyond the free ones. */
    private int slotsForJobs() {
        return slots.wanted() - taskManagers.freeSlots();
    }

    private void requestWorkersIfNeeded() {
        workers.requestIfNeeded(slotsForJobs(), taskManagers.totalSlots());
    }

    private void withdrawUnneededWorkers() {
        workers.withdrawUnneeded(slotsForJobs(), taskManagers.totalSlots());
    }

    /** Heartbeats to TaskManagers, loss detection, request timeouts, idle release. */
    private void tick() {
        long now = System.currentTimeMillis();
        long sinceLastTick = now - lastTick;
        lastTick = now;
        if (sinceLastTick > heartbeatTimeout) {
            // This process did not run (a long pause, SIGSTOP): the missed heartbeats say nothing
            // about the TaskManagers. Each gets a fresh timeout instead of being lost, and stopped,
            // at once; meanwhile a JobManager that was deposed while paused learns it and exits.
            LOG.warn(
                    "This JobManager did not run for {} ms (a pause?); the TaskManagers' heartbeats are judged from now on",
                    sinceLastTick);
            taskManagers.all().forEach(tm -> tm.lastHeartbeat = now);
            return;
        }
        for (RegisteredTaskManager tm :
                taskManagers.heartbeat(fencingToken, ++heartbeatSequence, now, heartbeatTimeout)) {
            lose(
                    tm,
                    "TaskManager " + tm.registration.resourceId() + " at " + tm.registration.rpcHost() + ":"
                            + tm.registration.rpcPort() + " lost: no heartbeat for " + (now - tm.lastHeartbeat)
                            + " ms");
        }
        for (RegisteredTaskManager tm : List.copyOf(taskManagers.all())) {
            if (workers.releaseIfIdle(tm, slots.hasWaiting(), taskManagers.totalSlots(), now)) {
                taskManagers.remove(tm.registration.resourceId());
            }
        }
        slots.expire(now);
        withdrawUnneededWorkers();
        explainWaits();
    }

    private void lose(String resourceId, String reason) {
        RegisteredTaskManager tm = taskManagers.get(resourceId);
        if (tm != null) {
            lose(tm, reason);
        } else if (workers.diedBeforeRegistering(resourceId)) {
            failedStart(reason);
        }
    }

    /**
     * A worker did not come up. Within the failure rate it is replaced at once; beyond it the
     * jobs waiting for slots fail with the reason (a broken setup would otherwise start processes
     * in a loop while they wait), and the next start waits for the retry interval.
     */
    private void failedStart(String reason) {
        int inLastMinute = workers.failedStart(System.currentTimeMillis());
        if (inLastMinute < 0) {
            requestWorkersIfNeeded();
            return;
        }
        IllegalStateException failure = new IllegalStateException("TaskManagers fail to start (" + inLastMinute
                + " in the last minute, more than " + ClusterOptions.START_WORKER_MAX_FAILURE_RATE.key()
                + "); the last: "
                + reason);
        slots.failAll(failure);
        withdrawUnneededWorkers();
        workers.pauseStarts(failure.getMessage(), this::requestWorkersIfNeeded);
    }

    private void lose(RegisteredTaskManager tm, String reason) {
        taskManagers.remove(tm.registration.resourceId());
        LOG.warn("{}", reason);
        onTaskManagerLost.accept(tm.registration.resourceId(), reason);
        if (workers.driver() != null) {
            workers.release(tm.registration.resourceId());
            requestWorkersIfNeeded(); // keeps the minimum
        }
    }

    /** The registered TaskManagers, for clients. */
    public CompletableFuture<List<TaskManagerDetails>> taskManagers() {
        return CompletableFuture.supplyAsync(taskManagers::details, main);
    }

    /** The registered TaskManagers' metrics, threads and logs, asked with this leadership's token. */
    public dev.spindle.ops.TaskManagerOperations taskManagerOperations() {
        return new TaskManagerCalls(
                id -> {
                    RegisteredTaskManager tm = taskManagers.get(id);
                    return tm == null ? null : tm.gateway;
                },
                main,
                fencingToken);
    }

    /** Stops every worker the driver started (waiting up to 30 s) and the main thread. */
    @Override
    public void close() {
        close(false);
    }

    /**
     * Stops the driver and the main thread but leaves the workers running, for the cluster's next
     * incarnation to adopt ({@link ResourceDriver#terminateKeepingWorkers}).
     */
    public void closeKeepingWorkers() {
        close(true);
    }

    private void close(boolean keepWorkers) {
        try {
            ResourceDriver driver = main.submit(workers::driver).get(30, TimeUnit.SECONDS);
            if (driver != null) {
                main.submit(() -> {
                            if (keepWorkers) {
                                driver.terminateKeepingWorkers();
                            } else {
                                driver.terminate();
                            }
                            return null;
                        })
                        .get(30, TimeUnit.SECONDS);
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
