package dev.spindle.yarn.driver;

import dev.spindle.resource.ApplicationStatus;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.ResourceEventHandler;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workers (TaskManagers) in YARN containers, from inside the ApplicationMaster: the protocol
 * sequence is register ({@link #initialize}) → request and allocate ({@link #requestWorker}) → launch
 * on the NodeManager → stop ({@link #releaseWorker}, {@link #terminate}) → unregister
 * ({@link #deregister}).
 *
 * <ul>
 *   <li>An allocated container serves the oldest request of its priority ({@link PendingRequests}).
 *       A container no request waits for is surplus (YARN may hand out more than asked): it is
 *       returned at once and its completion (exit status -100) is ignored.
 *   <li>Cancelling a request's future withdraws it ({@link #withdraw}): YARN allocates no container
 *       for a TaskManager the resource manager no longer needs.
 *   <li>A request's future completes with the container's id as the {@link WorkerId} once the
 *       NodeManager has started the container with the launch context of the
 *       {@link TaskManagerLaunchContextFactory}; it fails if the launch context cannot be made, the
 *       NodeManager refuses to start it, or the container ends before it started.
 *   <li>A started container that completes without having been released is reported through
 *       {@link ResourceEventHandler#onWorkerTerminated} with the container, its host, its exit status
 *       and YARN's diagnostics.
 *   <li>The RM heartbeat runs at {@link YarnDriverOptions#pendingHeartbeatInterval} while requests
 *       are pending (containers arrive with heartbeats) and at {@link YarnDriverOptions#heartbeatInterval}
 *       otherwise.
 * </ul>
 *
 * <p>Threading: every method of this class but {@link #deregister} is called on the resource
 * manager's main thread, and all of the driver's state belongs to that thread. The YARN clients
 * call back on their own threads (the AMRM client's callback thread, the NM client's pool); every
 * callback ({@link YarnCallbacks}) only hops onto the main thread, where the state changes, the
 * request futures complete and the {@link ResourceEventHandler} is called; but containers'
 * completions are also recorded at once ({@link ContainerCompletions}), for {@link #terminate()}.
 */
public final class YarnResourceDriver implements ResourceDriver {
    private static final Logger LOG = LoggerFactory.getLogger(YarnResourceDriver.class);

    private final Configuration yarnConfig;
    private final TaskManagerLaunchContextFactory launchContexts;
    private final YarnDriverOptions options;
    private final YarnClientFactory clients;

    // Main thread only.
    private ResourceEventHandler handler;
    private Executor mainThread;
    private AMRMClientAsync<ContainerRequest> resourceManager;
    private NMClientAsync nodeManagers;
    private Resource largestContainer;
    private int heartbeatMillis;
    private final PendingRequests pending = new PendingRequests();
    private final Map<ContainerId, Starting> starting = new LinkedHashMap<>();
    private final Map<ContainerId, Container> running = new LinkedHashMap<>();
    /** Containers stopped or returned on purpose: their completion is expected, not reported. */
    private final Set<ContainerId> released = new HashSet<>();
    /** Set by {@link #deregister}, which may run on another thread. */
    private volatile boolean deregistered;

    private boolean terminated;

    final ContainerCompletions completions = new ContainerCompletions();

    private record Starting(Container container, CompletableFuture<WorkerId> future) {}

    /**
     * @param yarnConfig the YARN configuration (the RM scheduler address among it); inside an AM
     *     container the AMRM token comes from the current user's credentials
     * @param launchContexts how to start a TaskManager in a container
     * @param options registration and heartbeat settings
     */
    public YarnResourceDriver(
            YarnConfiguration yarnConfig, TaskManagerLaunchContextFactory launchContexts, YarnDriverOptions options) {
        this(yarnConfig, launchContexts, options, YarnClientFactory.DEFAULT);
    }

    YarnResourceDriver(
            Configuration yarnConfig,
            TaskManagerLaunchContextFactory launchContexts,
            YarnDriverOptions options,
            YarnClientFactory clients) {
        this.yarnConfig = yarnConfig;
        this.launchContexts = launchContexts;
        this.options = options;
        this.clients = clients;
    }

    /** Starts the YARN clients and registers the ApplicationMaster with the YARN ResourceManager. */
    @Override
    public void initialize(ResourceEventHandler handler, Executor mainThread) throws IOException {
        this.handler = handler;
        this.mainThread = mainThread;
        heartbeatMillis = (int) options.heartbeatInterval().toMillis();
        resourceManager =
                clients.resourceManagerClient(heartbeatMillis, new YarnCallbacks.ResourceManagerCallbacks(this));
        resourceManager.init(yarnConfig);
        resourceManager.start();
        try {
            RegisterApplicationMasterResponse response = resourceManager.registerApplicationMaster(
                    options.amHost(), options.amRpcPort(), options.trackingUrl());
            largestContainer = response.getMaximumResourceCapability();
            adoptPreviousAttemptContainers(response.getContainersFromPreviousAttempts());
        } catch (YarnException | IOException | RuntimeException e) {
            resourceManager.stop();
            resourceManager = null; // nothing for terminate() to stop
            throw new IOException(
                    "could not register the ApplicationMaster with the YARN ResourceManager at "
                            + yarnConfig.get(
                                    YarnConfiguration.RM_SCHEDULER_ADDRESS,
                                    YarnConfiguration.DEFAULT_RM_SCHEDULER_ADDRESS)
                            + ": " + e.getMessage(),
                    e);
        }
        nodeManagers = clients.nodeManagerClient(new YarnCallbacks.NodeManagerCallbacks(this));
        nodeManagers.init(yarnConfig);
        nodeManagers.start();
        LOG.info(
                "Registered the ApplicationMaster at {}:{} with YARN (tracking URL {}, largest container {})",
                options.amHost(),
                options.amRpcPort(),
                options.trackingUrl(),
                largestContainer);
    }

    /**
     * The TaskManager containers an earlier attempt of this ApplicationMaster started and YARN kept
     * (keep-containers-across-application-attempts): this driver owns them now, and the resource
     * manager awaits their registration instead of starting new ones.
     */
    private void adoptPreviousAttemptContainers(List<Container> previous) {
        if (previous == null || previous.isEmpty()) {
            return;
        }
        List<WorkerId> workers = new java.util.ArrayList<>();
        for (Container c : previous) {
            running.put(c.getId(), c);
            workers.add(YarnTypes.workerId(c.getId()));
        }
        LOG.info("Kept {} TaskManager container(s) of the previous attempt: {}", workers.size(), workers);
        handler.onPreviousWorkersRecovered(workers);
    }

    /** The future completes on the main thread; see the class comment for when. */
    @Override
    public CompletableFuture<WorkerId> requestWorker(WorkerSpec spec) {
        if (terminated || deregistered) {
            return CompletableFuture.failedFuture(new IllegalStateException("the YARN driver has stopped"));
        }
        Resource resource = YarnTypes.resource(spec);
        if (largestContainer != null
                && (resource.getMemorySize() > largestContainer.getMemorySize()
                        || resource.getVirtualCores() > largestContainer.getVirtualCores())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a TaskManager of "
                    + spec.processMemory() + " and " + spec.cpuCores()
                    + " cores does not fit into YARN's largest container ("
                    + largestContainer.getMemorySize() + " MiB, " + largestContainer.getVirtualCores()
                    + " vcores): lower taskmanager.memory.process.size"));
        }
        int priority = pending.priorityOf(spec);
        ContainerRequest request = YarnTypes.containerRequest(spec, priority, options.nodeLabel());
        CompletableFuture<WorkerId> future = new CompletableFuture<>();
        PendingRequests.Request pendingRequest = new PendingRequests.Request(spec, request, future);
        pending.add(priority, pendingRequest);
        resourceManager.addContainerRequest(request);
        future.whenComplete((worker, error) -> {
            if (future.isCancelled()) {
                withdraw(priority, pendingRequest);
            }
        });
        LOG.info(
                "Requesting a container of {} for a TaskManager ({} slots, priority {}{})",
                resource,
                spec.slots(),
                priority,
                options.nodeLabel() == null ? "" : ", node label " + options.nodeLabel());
        adjustHeartbeat();
        return future;
    }

    /**
     * The resource manager cancelled the request's future (on the main thread): a request still
     * waiting is removed from the AMRM client; a container allocated meanwhile is returned as
     * surplus ({@link #onAllocated}), one that is starting is stopped once started ({@link #onStarted}).
     */
    private void withdraw(int priority, PendingRequests.Request request) {
        if (pending.remove(priority, request)) {
            resourceManager.removeContainerRequest(request.request());
            LOG.info("Withdrew a container request of priority {}: its TaskManager is no longer needed", priority);
            adjustHeartbeat();
        }
    }

    /** Stops the worker's container and returns it to YARN; its completion is not reported. */
    @Override
    public void releaseWorker(WorkerId worker) {
        ContainerId id = YarnTypes.containerId(worker);
        Container container = id == null ? null : running.remove(id);
        if (container == null) {
            return;
        }
        LOG.info("Releasing TaskManager container {}", YarnTypes.describe(container));
        nodeManagers.stopContainerAsync(id, container.getNodeId());
        giveBack(id);
    }

    /**
     * Unregisters the ApplicationMaster: YARN ends the application with this final status and shows
     * the diagnostics, and stops its remaining containers. An AM that terminates without it is
     * restarted by YARN (if it has attempts left). Once it returns, requests fail and
     * {@link #terminate()} does not wait for containers.
     */
    @Override
    public void deregister(ApplicationStatus finalStatus, String diagnostics) throws IOException {
        deregister(finalStatus, diagnostics, null);
    }

    /** As above; {@code finalTrackingUrl} is where YARN links to from the ended application (null: none). */
    @Override
    public synchronized void deregister(ApplicationStatus finalStatus, String diagnostics, String finalTrackingUrl)
            throws IOException {
        if (deregistered || resourceManager == null) {
            return;
        }
        FinalApplicationStatus status = YarnTypes.finalStatus(finalStatus);
        try {
            resourceManager.unregisterApplicationMaster(status, diagnostics, finalTrackingUrl);
            deregistered = true;
            LOG.info(
                    "Unregistered the ApplicationMaster from YARN with final status {}{}",
                    status,
                    finalTrackingUrl == null ? "" : " and final tracking URL " + finalTrackingUrl);
        } catch (YarnException | IOException e) {
            throw new IOException(
                    "could not unregister the ApplicationMaster (final status " + status + "): " + e.getMessage(), e);
        }
    }

    /**
     * Fails pending requests, stops every container this driver started and waits (at most
     * {@link YarnDriverOptions#stopTimeout}) until YARN reports them completed, then stops the YARN
     * clients. Blocks the main thread meanwhile; calling it again does nothing. Containers YARN did not
     * report are released, but with the clients stopped that only takes effect when the application
     * ends, which kills them anyway. After {@link #deregister} it does not wait: YARN stops the
     * containers of the finished application.
     */
    @Override
    public void terminate() throws Exception {
        terminate(false);
    }

    /**
     * Fails pending requests and stops the YARN clients, but neither stops nor releases the
     * containers: the attempt ends without unregistering, and YARN keeps them for the next attempt
     * (keep-containers-across-application-attempts), which adopts them at its registration.
     * Containers still starting run on as well; the next attempt gets them as the others.
     */
    @Override
    public void terminateKeepingWorkers() throws Exception {
        terminate(true);
    }

    private void terminate(boolean keepContainers) throws Exception {
        if (terminated || resourceManager == null) {
            terminated = true;
            return;
        }
        terminated = true;
        IllegalStateException stopped = new IllegalStateException("the YARN driver has stopped");
        for (PendingRequests.Request r : pending.drain()) {
            resourceManager.removeContainerRequest(r.request());
            r.future().completeExceptionally(stopped);
        }
        Map<ContainerId, Container> toStop = new LinkedHashMap<>(running);
        for (Starting s : starting.values()) {
            toStop.put(s.container().getId(), s.container());
            s.future().completeExceptionally(stopped);
        }
        running.clear();
        starting.clear();
        released.addAll(toStop.keySet());
        Exception failure = null;
        if (keepContainers) {
            // Hadoop's NM client stops the containers it started when it stops, unless told not to.
            nodeManagers.getClient().cleanupRunningContainersOnStop(false);
            LOG.info("Leaving {} TaskManager container(s) to the next attempt: {}", toStop.size(), toStop.keySet());
        } else if (!deregistered && !toStop.isEmpty()) {
            try {
                completions.stopAndAwait(toStop, nodeManagers, resourceManager, options);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            }
        }
        failure = ClientStops.stop(nodeManagers::stop, "the NodeManager client", failure);
        failure = ClientStops.stop(resourceManager::stop, "the ResourceManager client", failure);
        if (failure != null) {
            throw failure;
        }
    }

    // ---- events, on the main thread (YarnCallbacks hops them here) ----

    void onAllocated(List<Container> containers) {
        for (Container c : containers) {
            PendingRequests.Request request = pending.poll(c.getPriority().getPriority());
            if (request == null || terminated) {
                LOG.info("Returning surplus container {}", YarnTypes.describe(c));
                giveBack(c.getId());
                continue;
            }
            resourceManager.removeContainerRequest(request.request());
            launch(c, request);
        }
        adjustHeartbeat();
    }

    private void launch(Container container, PendingRequests.Request request) {
        ContainerId id = container.getId();
        WorkerId worker = YarnTypes.workerId(id);
        ContainerLaunchContext context;
        try {
            context = launchContexts.create(worker, request.spec());
        } catch (Exception e) {
            giveBack(id);
            request.future()
                    .completeExceptionally(new IOException(
                            "could not make the launch context of TaskManager " + worker + ": " + e.getMessage(), e));
            return;
        }
        LOG.info("Starting a TaskManager in container {}", YarnTypes.describe(container));
        starting.put(id, new Starting(container, request.future()));
        completions.expect(id);
        nodeManagers.startContainerAsync(container, context);
    }

    void onStarted(ContainerId id) {
        Starting s = starting.remove(id);
        if (s == null) {
            return; // completed or stopped meanwhile
        }
        if (s.future().isCancelled()) {
            LOG.info(
                    "Stopping container {}: its TaskManager was withdrawn while it started",
                    YarnTypes.describe(s.container()));
            nodeManagers.stopContainerAsync(id, s.container().getNodeId());
            giveBack(id);
            return;
        }
        running.put(id, s.container());
        s.future().complete(YarnTypes.workerId(id));
    }

    void onStartFailed(ContainerId id, Throwable error) {
        Starting s = starting.remove(id);
        if (s == null) {
            return;
        }
        giveBack(id);
        s.future()
                .completeExceptionally(new IOException(
                        "the NodeManager did not start the TaskManager container " + YarnTypes.describe(s.container())
                                + ": " + error.getMessage(),
                        error));
    }

    void onCompleted(ContainerStatus status) {
        ContainerId id = status.getContainerId();
        completions.forget(id);
        if (released.remove(id)) {
            return;
        }
        Container container = running.remove(id);
        if (container != null) {
            String diagnostics = YarnTypes.diagnostics(container, status);
            LOG.warn("TaskManager terminated: {}", diagnostics);
            handler.onWorkerTerminated(YarnTypes.workerId(id), diagnostics);
            return;
        }
        Starting s = starting.remove(id);
        if (s != null) {
            s.future().completeExceptionally(new IOException(YarnTypes.diagnostics(s.container(), status)));
        }
    }

    void onStopFailed(ContainerId id, Throwable error) {
        // The NodeManager may be gone; returning the container makes YARN kill it if it still runs.
        LOG.warn(
                "Could not stop container {} through its NodeManager ({}); returning it to YARN", id, error.toString());
        resourceManager.releaseAssignedContainer(id);
    }

    void onFatal(Throwable error) {
        if (!terminated) {
            handler.onError(error);
        }
    }

    /** Returns a container to YARN; its completion (exit -100) is then expected, not a lost worker. */
    private void giveBack(ContainerId id) {
        released.add(id);
        resourceManager.releaseAssignedContainer(id);
    }

    private void adjustHeartbeat() {
        boolean waiting = pending.anyWaiting();
        int millis = (int) (waiting ? options.pendingHeartbeatInterval() : options.heartbeatInterval()).toMillis();
        if (millis != heartbeatMillis) {
            heartbeatMillis = millis;
            resourceManager.setHeartbeatInterval(millis);
        }
    }

    /** Runs an event on the main thread; after the resource manager has shut its executor down, drops it. */
    void onMain(Runnable event) {
        try {
            mainThread.execute(event);
        } catch (RejectedExecutionException e) {
            LOG.debug("Dropped a YARN event: the main thread no longer runs");
        }
    }
}
