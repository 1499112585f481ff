package dev.spindle.yarn.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.cluster.entrypoint.ExitCode;
import dev.spindle.config.MemorySize;
import dev.spindle.resource.ApplicationStatus;
import dev.spindle.resource.ResourceEventHandler;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's bookkeeping against hand-written YARN client doubles: what YARN cannot be made to do
 * on demand (surplus containers, refused starts) and what happens on which thread.
 */
class YarnResourceDriverTest {
    private static final WorkerSpec SMALL = new WorkerSpec(1, MemorySize.ofMebiBytes(128), 1);
    private static final WorkerSpec LARGE = new WorkerSpec(2, MemorySize.ofMebiBytes(1000), 2);
    private static final ApplicationAttemptId ATTEMPT =
            ApplicationAttemptId.newInstance(ApplicationId.newInstance(1, 1), 1);
    private static final NodeId NODE = NodeId.newInstance("node-1", 8041);

    /** The resource manager's main thread: events wait here until the test runs them. */
    private final ArrayDeque<Runnable> mainQueue = new ArrayDeque<>();

    private final Executor mainThread = mainQueue::add;
    private final List<String> events = new ArrayList<>();
    private TestingAMRMClientAsync rm;
    private TestingNMClientAsync nm;
    private YarnResourceDriver driver;
    private long nextContainer = 2;
    /** Containers the next driver's registration reports as kept from the previous attempt. */
    private List<Container> previousAttempt = List.of();

    @BeforeEach
    void start() throws Exception {
        driver = newDriver(
                (worker, spec) -> ContainerLaunchContext.newInstance(
                        Map.of(), Map.of("WORKER", worker.value()), List.of("run"), null, null, null),
                Resource.newInstance(4096, 4));
        assertEquals("am-host:6123 http://am-host:8081", rm.registeredHost);
    }

    /** A driver on new client doubles ({@link #rm}, {@link #nm}), initialized. */
    private YarnResourceDriver newDriver(TaskManagerLaunchContextFactory launchContexts, Resource largest)
            throws Exception {
        YarnClientFactory clients = new YarnClientFactory() {
            @Override
            public AMRMClientAsync<ContainerRequest> resourceManagerClient(
                    int heartbeatMillis, AMRMClientAsync.AbstractCallbackHandler handler) {
                rm = new TestingAMRMClientAsync(heartbeatMillis, handler);
                rm.largestContainer = largest;
                rm.previousAttemptContainers = previousAttempt;
                return rm;
            }

            @Override
            public NMClientAsync nodeManagerClient(NMClientAsync.AbstractCallbackHandler handler) {
                nm = new TestingNMClientAsync(handler);
                return nm;
            }
        };
        YarnDriverOptions options = new YarnDriverOptions(
                "am-host",
                6123,
                "http://am-host:8081",
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                "spindle",
                Duration.ofSeconds(2));
        YarnResourceDriver d = new YarnResourceDriver(new YarnConfiguration(), launchContexts, options, clients);
        d.initialize(
                new ResourceEventHandler() {
                    @Override
                    public void onWorkerTerminated(WorkerId worker, String diagnostics) {
                        events.add(worker + ": " + diagnostics);
                    }

                    @Override
                    public void onError(Throwable error) {
                        events.add("error: " + error.getMessage());
                    }

                    @Override
                    public void onPreviousWorkersRecovered(java.util.Collection<WorkerId> workers) {
                        events.add("recovered: " + workers);
                    }
                },
                mainThread);
        return d;
    }

    private void runMain() {
        while (!mainQueue.isEmpty()) {
            mainQueue.poll().run();
        }
    }

    private Container container(int priority, long memoryMb) {
        return Container.newInstance(
                ContainerId.newContainerId(ATTEMPT, nextContainer++),
                NODE,
                "node-1:8042",
                Resource.newInstance(memoryMb, 1),
                Priority.newInstance(priority),
                null);
    }

    private static ContainerStatus completed(Container c, int exitStatus, String diagnostics) {
        return ContainerStatus.newInstance(c.getId(), ContainerState.COMPLETE, diagnostics, exitStatus);
    }

    /** A new attempt with keep-containers: YARN's kept containers are this driver's workers now. */
    @Test
    void containersOfThePreviousAttemptAreAdoptedAsWorkers() throws Exception {
        Container kept = container(1, 1024);
        Container other = container(1, 1024);
        previousAttempt = List.of(kept, other);
        driver = newDriver((w, s) -> null, Resource.newInstance(4096, 4));
        assertEquals(
                List.of("recovered: [" + YarnTypes.workerId(kept.getId()) + ", " + YarnTypes.workerId(other.getId())
                        + "]"),
                events);

        // Its end is reported as any worker's; releasing the other returns it to YARN.
        rm.callbacks.onContainersCompleted(List.of(completed(kept, 137, "killed")));
        runMain();
        assertEquals(2, events.size(), events.toString());
        assertTrue(events.get(1).startsWith(YarnTypes.workerId(kept.getId()) + ": "), events.get(1));
        driver.releaseWorker(YarnTypes.workerId(other.getId()));
        assertTrue(rm.releasedContainers.contains(other.getId()), "returned to YARN: " + rm.releasedContainers);
    }

    /** Requests a worker and lets YARN allocate and start its container. */
    private WorkerId startWorker(Container c) throws Exception {
        CompletableFuture<WorkerId> future = driver.requestWorker(SMALL);
        rm.callbacks.onContainersAllocated(List.of(c));
        runMain();
        nm.callbacks.onContainerStarted(c.getId(), Map.of());
        runMain();
        return future.get();
    }

    @Test
    void aRequestAsksForItsSizeAndLabelAndHeartbeatsFasterWhilePending() throws Exception {
        assertEquals(5000, rm.heartbeatMillis());
        CompletableFuture<WorkerId> future = driver.requestWorker(SMALL);
        ContainerRequest request = rm.added.get(0);
        assertEquals(Resource.newInstance(128, 1), request.getCapability());
        assertEquals("spindle", request.getNodeLabelExpression());
        assertTrue(request.getRelaxLocality());
        assertEquals(500, rm.heartbeatMillis());

        Container c = container(request.getPriority().getPriority(), 256); // YARN may round up
        rm.callbacks.onContainersAllocated(List.of(c));
        assertTrue(nm.startedContainers.isEmpty(), "callbacks only hop onto the main thread");
        runMain();
        assertEquals(List.of(c.getId()), nm.startedContainers);
        assertEquals(
                c.getId().toString(), nm.launchContexts.get(0).getEnvironment().get("WORKER"));
        assertEquals(List.of(request), rm.removed);
        assertEquals(5000, rm.heartbeatMillis());
        assertFalse(future.isDone(), "the worker is there once its container started");

        nm.callbacks.onContainerStarted(c.getId(), Map.of());
        assertFalse(future.isDone());
        runMain();
        assertEquals(new WorkerId(c.getId().toString()), future.get());
    }

    /** A request whose future the resource manager cancels is withdrawn from YARN; a late container is surplus. */
    @Test
    void aCancelledRequestIsWithdrawnAndAContainerArrivingForItAnywayIsReturned() throws Exception {
        CompletableFuture<WorkerId> kept = driver.requestWorker(SMALL);
        CompletableFuture<WorkerId> withdrawn = driver.requestWorker(SMALL);
        assertEquals(500, rm.heartbeatMillis());

        withdrawn.cancel(false);

        assertEquals(List.of(rm.added.get(1)), rm.removed, "the newer request is removed from the AMRM client");
        assertEquals(500, rm.heartbeatMillis(), "one request still waits");
        kept.cancel(false);
        assertEquals(List.of(rm.added.get(1), rm.added.get(0)), rm.removed);
        assertEquals(5000, rm.heartbeatMillis(), "nothing waits any more");

        Container late = container(rm.added.get(0).getPriority().getPriority(), 128);
        rm.callbacks.onContainersAllocated(List.of(late));
        runMain();
        assertEquals(List.of(), nm.startedContainers, "no TaskManager is started for a withdrawn request");
        assertEquals(List.of(late.getId()), rm.releasedContainers);
        rm.callbacks.onContainersCompleted(List.of(completed(late, ContainerExitStatus.ABORTED, "released")));
        runMain();
        assertEquals(List.of(), events);
    }

    /** Withdrawn while its container starts: the container is stopped once started and not reported. */
    @Test
    void aRequestCancelledWhileItsContainerStartsStopsTheContainer() throws Exception {
        CompletableFuture<WorkerId> future = driver.requestWorker(SMALL);
        Container c = container(rm.added.get(0).getPriority().getPriority(), 128);
        rm.callbacks.onContainersAllocated(List.of(c));
        runMain();
        assertEquals(List.of(c.getId()), nm.startedContainers);

        future.cancel(false);
        nm.callbacks.onContainerStarted(c.getId(), Map.of());
        runMain();

        assertEquals(List.of(rm.added.get(0)), rm.removed, "removed once, when the container was allocated");
        assertEquals(List.of(c.getId()), nm.stoppedContainers);
        assertEquals(List.of(c.getId()), rm.releasedContainers);
        rm.callbacks.onContainersCompleted(List.of(completed(c, ContainerExitStatus.KILLED_BY_APPMASTER, "stopped")));
        runMain();
        assertEquals(List.of(), events, "a withdrawn worker's end is not reported");
    }

    @Test
    void surplusContainersAreReturnedAtOnceAndTheirCompletionIsIgnored() throws Exception {
        driver.requestWorker(SMALL);
        int priority = rm.added.get(0).getPriority().getPriority();
        Container wanted = container(priority, 128);
        Container extra = container(priority, 128);
        Container unknownPriority = container(priority + 7, 128);
        rm.callbacks.onContainersAllocated(List.of(wanted, extra, unknownPriority));
        runMain();
        assertEquals(List.of(wanted.getId()), nm.startedContainers);
        assertEquals(List.of(extra.getId(), unknownPriority.getId()), rm.releasedContainers);

        rm.callbacks.onContainersCompleted(List.of(
                completed(extra, ContainerExitStatus.ABORTED, "released"),
                completed(unknownPriority, ContainerExitStatus.ABORTED, "released")));
        runMain();
        assertEquals(List.of(), events);
    }

    @Test
    void eachWorkerSizeHasItsPriorityAndContainersAnswerTheRequestOfTheirPriority() throws Exception {
        CompletableFuture<WorkerId> small = driver.requestWorker(SMALL);
        CompletableFuture<WorkerId> large = driver.requestWorker(LARGE);
        assertEquals(Resource.newInstance(1000, 2), rm.added.get(1).getCapability());
        int smallPriority = rm.added.get(0).getPriority().getPriority();
        int largePriority = rm.added.get(1).getPriority().getPriority();
        assertTrue(smallPriority != largePriority);

        Container forLarge = container(largePriority, 1024);
        rm.callbacks.onContainersAllocated(List.of(forLarge));
        runMain();
        nm.callbacks.onContainerStarted(forLarge.getId(), Map.of());
        runMain();
        assertEquals(new WorkerId(forLarge.getId().toString()), large.get());
        assertFalse(small.isDone());
        assertEquals(List.of(rm.added.get(1)), rm.removed);
    }

    @Test
    void aStartedContainerThatEndsIsReportedWithItsHostAndExitStatus() throws Exception {
        Container c = container(1, 128);
        WorkerId worker = startWorker(c);
        rm.callbacks.onContainersCompleted(
                List.of(completed(c, ExitCode.JOB_MANAGER_LOST.code(), "Exception from container-launch")));
        assertEquals(List.of(), events);
        runMain();
        assertEquals(1, events.size());
        String event = events.get(0);
        assertTrue(
                event.startsWith(worker + ": container " + c.getId() + " on node-1:8041 ended with exit status 8 "
                        + "(the TaskManager lost its JobManager): Exception from container-launch; its logs: yarn logs "
                        + "-applicationId application_1_0001 -containerId " + c.getId()),
                event);
    }

    @Test
    void aReleasedWorkerIsStoppedReturnedAndNotReported() throws Exception {
        Container c = container(1, 128);
        WorkerId worker = startWorker(c);
        driver.releaseWorker(worker);
        assertEquals(List.of(c.getId()), nm.stoppedContainers);
        assertEquals(List.of(c.getId()), rm.releasedContainers);
        rm.callbacks.onContainersCompleted(List.of(completed(c, ContainerExitStatus.KILLED_BY_APPMASTER, "stopped")));
        runMain();
        assertEquals(List.of(), events);
        driver.releaseWorker(worker); // twice is harmless
        assertEquals(1, nm.stoppedContainers.size());
    }

    @Test
    void aContainerTheNodeManagerDoesNotStartFailsItsRequest() {
        CompletableFuture<WorkerId> future = driver.requestWorker(SMALL);
        Container c = container(1, 128);
        rm.callbacks.onContainersAllocated(List.of(c));
        runMain();
        nm.callbacks.onStartContainerError(c.getId(), new IOException("disk full"));
        runMain();
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        assertTrue(
                e.getCause().getMessage().contains(c.getId() + " on node-1:8041: disk full"),
                e.getCause().getMessage());
        assertEquals(List.of(c.getId()), rm.releasedContainers);
        rm.callbacks.onContainersCompleted(List.of(completed(c, ContainerExitStatus.ABORTED, "released")));
        runMain();
        assertEquals(List.of(), events);
    }

    @Test
    void aLaunchContextThatCannotBeMadeFailsTheRequestAndReturnsTheContainer() throws Exception {
        driver = newDriver(
                (worker, spec) -> {
                    throw new IOException("staging directory gone");
                },
                Resource.newInstance(4096, 4));
        CompletableFuture<WorkerId> future = driver.requestWorker(SMALL);
        Container c = container(1, 128);
        rm.callbacks.onContainersAllocated(List.of(c));
        runMain();
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        assertTrue(
                e.getCause().getMessage().contains("staging directory gone"),
                e.getCause().getMessage());
        assertEquals(List.of(c.getId()), rm.releasedContainers);
        assertTrue(nm.startedContainers.isEmpty());
    }

    @Test
    void aWorkerLargerThanYarnsLargestContainerFailsAtOnce() throws Exception {
        driver = newDriver((w, s) -> null, Resource.newInstance(512, 4));
        ExecutionException e = assertThrows(
                ExecutionException.class, () -> driver.requestWorker(LARGE).get());
        assertTrue(
                e.getCause().getMessage().contains("lower taskmanager.memory.process.size"),
                e.getCause().getMessage());
        assertTrue(rm.added.isEmpty());
    }

    @Test
    void theResourceManagersShutdownRequestIsAnErrorOnTheMainThread() {
        rm.callbacks.onShutdownRequest();
        assertEquals(List.of(), events);
        runMain();
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("error: the YARN ResourceManager told the ApplicationMaster to shut down"));
    }

    @Test
    void deregisterUnregistersWithStatusAndDiagnostics() throws Exception {
        driver.deregister(ApplicationStatus.SUCCEEDED, "all jobs finished");
        assertEquals(FinalApplicationStatus.SUCCEEDED, rm.unregisteredWith);
        assertEquals("all jobs finished", rm.unregisterDiagnostics);
        assertInstanceOf(
                IllegalStateException.class,
                assertThrows(
                                ExecutionException.class,
                                () -> driver.requestWorker(SMALL).get())
                        .getCause());
        driver.terminate();
    }

    @Test
    void terminateFailsPendingRequestsStopsContainersAndWaitsForTheirCompletion() throws Exception {
        Container c = container(1, 128);
        startWorker(c);
        CompletableFuture<WorkerId> pending = driver.requestWorker(SMALL);
        // The NodeManager stops the container; the ResourceManager then reports it on its callback thread.
        nm.onStop = id -> rm.callbacks.onContainersCompleted(List.of(completed(c, 143, "stopped")));
        driver.terminate();
        assertEquals(List.of(c.getId()), nm.stoppedContainers);
        assertTrue(rm.releasedContainers.isEmpty(), "a container YARN reported completed needs no release");
        assertInstanceOf(
                IllegalStateException.class,
                assertThrows(ExecutionException.class, pending::get).getCause());
        assertTrue(rm.removed.contains(rm.added.get(1)));
        assertEquals(org.apache.hadoop.service.Service.STATE.STOPPED, rm.getServiceState());
        assertEquals(org.apache.hadoop.service.Service.STATE.STOPPED, nm.getServiceState());
        runMain();
        assertEquals(List.of(), events);
        driver.terminate(); // twice is harmless
        assertNull(rm.unregisteredWith, "terminate does not unregister");
    }

    @Test
    void terminateKeepingWorkersLeavesTheContainersRunningForTheNextAttempt() throws Exception {
        Container c = container(1, 128);
        startWorker(c);
        CompletableFuture<WorkerId> pending = driver.requestWorker(SMALL);
        driver.terminateKeepingWorkers();
        assertEquals(List.of(), nm.stoppedContainers);
        assertEquals(List.of(), rm.releasedContainers);
        assertFalse(
                ((org.apache.hadoop.yarn.client.api.impl.NMClientImpl) nm.getClient())
                        .getCleanupRunningContainers()
                        .get(),
                "the NM client must not stop the containers it started when it stops");
        assertInstanceOf(
                IllegalStateException.class,
                assertThrows(ExecutionException.class, pending::get).getCause());
        assertTrue(rm.removed.contains(rm.added.get(1)));
        assertEquals(org.apache.hadoop.service.Service.STATE.STOPPED, rm.getServiceState());
        assertEquals(org.apache.hadoop.service.Service.STATE.STOPPED, nm.getServiceState());
        assertNull(rm.unregisteredWith, "the attempt ends without unregistering");
        runMain();
        assertEquals(List.of(), events);
    }

    @Test
    void containersNotReportedWithinTheStopTimeoutAreReturnedToYarn() throws Exception {
        Container c = container(1, 128);
        startWorker(c);
        long start = System.nanoTime();
        driver.terminate();
        assertTrue(System.nanoTime() - start >= Duration.ofSeconds(2).toNanos());
        assertEquals(List.of(c.getId()), rm.releasedContainers);
    }
}
