package dev.spindle.yarn.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.cluster.JobManagerRunner;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.MemorySize;
import dev.spindle.jobmanager.TaskManagerDetails;
import dev.spindle.resource.ApplicationStatus;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.ResourceDriverContractTest;
import dev.spindle.resource.ResourceEventHandler;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import dev.spindle.security.ClusterSecret;
import dev.spindle.util.ProcessCommandLines;
import dev.spindle.yarn.MiniYarn;
import dev.spindle.yarn.UnmanagedApplications;
import dev.spindle.yarn.launch.TaskManagerLaunchContexts;
import dev.spindle.yarn.spec.ClusterSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.ResourceRequest;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.nodemanager.containermanager.container.Container;
import org.apache.hadoop.yarn.server.resourcemanager.scheduler.AbstractYarnScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The YARN driver against the driver contract on a real (mini) YARN cluster shared by the class.
 * The driver runs in this JVM as an unmanaged ApplicationMaster of a new application per test; its
 * workers are containers running a stand-in main from the test classes.
 */
class YarnResourceDriverIT extends ResourceDriverContractTest {
    private static final YarnDriverOptions OPTIONS = new YarnDriverOptions(
            "localhost", 0, "", Duration.ofSeconds(1), Duration.ofMillis(100), null, Duration.ofSeconds(15));
    private static MiniYarn yarn;
    private static Path yarnDir;
    private static YarnClient client;

    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private volatile Class<?> workerMain = ContainerMains.Idle.class;
    private YarnResourceDriver yarnDriver;
    private ApplicationId application;
    private Executor mainThread;

    @BeforeAll
    static void startYarn() throws Exception {
        Path dir = Files.createTempDirectory("yarn-driver-it");
        yarnDir = dir;
        yarn = MiniYarn.start("yarn-driver-it", dir.resolve("conf"), 2048);
        client = yarn.client();
    }

    @AfterAll
    static void stopYarn() throws Exception {
        if (yarn != null) {
            yarn.close();
        }
    }

    /**
     * Ends each test's application (before the contract's teardown terminates the driver), so that
     * the applications of earlier tests do not keep later ones from being activated in the queue.
     */
    @AfterEach
    void endApplication() throws Exception {
        if (yarnDriver != null) {
            yarnDriver.deregister(ApplicationStatus.SUCCEEDED, "the test is over");
        }
    }

    @Override
    protected ResourceDriver createDriver() throws Exception {
        UserGroupInformation am = submitUnmanagedApplication();
        yarnDriver = new YarnResourceDriver(new YarnConfiguration(yarn.config()), this::launchContext, OPTIONS);
        return asUnmanagedAm(am, yarnDriver);
    }

    /**
     * The driver, initialized as the given unmanaged AM (the AMRM client connects as the user holding
     * the application's AMRM token), with its events also recorded in {@link #events}.
     */
    private ResourceDriver asUnmanagedAm(UserGroupInformation am, YarnResourceDriver target) {
        return new ResourceDriver() {
            @Override
            public void initialize(ResourceEventHandler handler, Executor executor) throws Exception {
                mainThread = executor;
                ResourceEventHandler recording = new ResourceEventHandler() {
                    @Override
                    public void onWorkerTerminated(WorkerId worker, String diagnostics) {
                        events.add(worker + ": " + diagnostics);
                        handler.onWorkerTerminated(worker, diagnostics);
                    }

                    @Override
                    public void onError(Throwable error) {
                        events.add("error: " + error);
                        handler.onError(error);
                    }
                };
                am.doAs((PrivilegedExceptionAction<Void>) () -> {
                    target.initialize(recording, executor);
                    return null;
                });
            }

            @Override
            public CompletableFuture<WorkerId> requestWorker(WorkerSpec spec) {
                return target.requestWorker(spec);
            }

            @Override
            public void releaseWorker(WorkerId worker) {
                target.releaseWorker(worker);
            }

            @Override
            public void deregister(ApplicationStatus finalStatus, String diagnostics) throws Exception {
                target.deregister(finalStatus, diagnostics);
            }

            @Override
            public void terminate() throws Exception {
                target.terminate();
            }
        };
    }

    /** Submits an application whose AM is this JVM and returns a user holding its AMRM token. */
    private UserGroupInformation submitUnmanagedApplication() throws Exception {
        UnmanagedApplications.Submitted submitted = UnmanagedApplications.submit(client, "yarn-driver-it");
        application = submitted.id();
        return submitted.amUser();
    }

    /**
     * A container that runs {@link #workerMain} from the test classes, which every NodeManager here can
     * read. The nested class name is quoted: the NodeManager's shell would expand its {@code $}.
     */
    private ContainerLaunchContext launchContext(WorkerId worker, WorkerSpec spec) throws Exception {
        String testClasses = Path.of(ContainerMains.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        String logDir = ApplicationConstants.LOG_DIR_EXPANSION_VAR;
        String command = ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java -Xmx32m -Xshare:auto "
                + "-XX:TieredStopAtLevel=1 " + TaskManagerLaunchContexts.quote(workerMain.getName()) + " --worker-id "
                + worker
                + " 1>" + logDir + "/stdout 2>" + logDir + "/stderr";
        return ContainerLaunchContext.newInstance(
                Map.of(),
                Map.of("JAVA_HOME", System.getProperty("java.home"), "CLASSPATH", testClasses),
                List.of(command),
                null,
                null,
                null);
    }

    /** The container runs on its NodeManager (not yet completed there). */
    @Override
    protected boolean isRunning(WorkerId worker) {
        ContainerId id = ContainerId.fromString(worker.value());
        for (int i = 0; i < 2; i++) {
            Container c = yarn.cluster()
                    .getNodeManager(i)
                    .getNMContext()
                    .getContainers()
                    .get(id);
            if (c != null && c.cloneAndGetContainerStatus().getState() != ContainerState.COMPLETE) {
                return true;
            }
        }
        return false;
    }

    /** SIGKILLs the container's JVM, found by the worker id on its command line, as a crash would. */
    @Override
    protected void killExternally(WorkerId worker) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        Optional<ProcessHandle> process = Optional.empty();
        while (process.isEmpty()) {
            process = ProcessHandle.allProcesses()
                    .filter(p -> ProcessCommandLines.arguments(p).contains(worker.value()))
                    .findFirst();
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no process of container " + worker);
            }
            Thread.sleep(50);
        }
        process.get().destroyForcibly();
    }

    private <T> T onMain(java.util.concurrent.Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        mainThread.execute(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aWorkerThatExitsNonZeroIsReportedWithItsContainerHostAndExitStatus() throws Exception {
        workerMain = ContainerMains.ExitSeven.class;
        WorkerId worker = onMain(() -> driver.requestWorker(SMALL)).get(60, TimeUnit.SECONDS);
        String event = events.poll(30, TimeUnit.SECONDS);
        assertNotNull(event, "no termination reported");
        assertTrue(event.startsWith(worker + ": container " + worker + " on "), event);
        assertTrue(event.contains("exit status " + ContainerMains.ExitSeven.STATUS), event);
        assertTrue(event.contains("yarn logs -applicationId " + application), event);
    }

    @Test
    void deregisterEndsTheApplicationWithItsFinalStatusAndDiagnostics() throws Exception {
        WorkerId worker = onMain(() -> driver.requestWorker(SMALL)).get(60, TimeUnit.SECONDS);
        driver.deregister(
                ApplicationStatus.FAILED, "the job failed on purpose"); // on any thread, through the interface
        long deadline = System.currentTimeMillis() + 30_000;
        ApplicationReport report = client.getApplicationReport(application);
        while (report.getYarnApplicationState() != YarnApplicationState.FINISHED
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            report = client.getApplicationReport(application);
        }
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
        assertTrue(report.getDiagnostics().contains("the job failed on purpose"), report.getDiagnostics());
        while (isRunning(worker) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(!isRunning(worker), "YARN stops the containers of a finished application");
        assertEquals(List.of(), List.copyOf(events), "containers of a deregistered driver are not reported");
    }

    /**
     * Withdrawing on a real ResourceManager: of three TaskManagers of 1536 MiB, two fit the two
     * NodeManagers of 2048 MiB and the third waits. Cancelling its request's future (as the resource
     * manager does when the job that wanted it is cancelled) removes it from YARN's scheduler, so
     * that no container is allocated for it when room appears.
     */
    @Test
    void aWithdrawnRequestLeavesNoOutstandingRequestAtTheResourceManager() throws Exception {
        WorkerSpec large = new WorkerSpec(1, MemorySize.ofMebiBytes(1536), 1);
        CompletableFuture<WorkerId> first = onMain(() -> driver.requestWorker(large));
        CompletableFuture<WorkerId> second = onMain(() -> driver.requestWorker(large));
        CompletableFuture<WorkerId> third = onMain(() -> driver.requestWorker(large));
        WorkerId running = first.get(60, TimeUnit.SECONDS);
        second.get(60, TimeUnit.SECONDS);
        awaitOutstandingRequests(1);
        assertTrue(!third.isDone(), "no room for the third");

        onMain(() -> third.cancel(false));
        awaitOutstandingRequests(0);

        onMain(() -> {
            driver.releaseWorker(running);
            return null;
        });
        long deadline = System.currentTimeMillis() + 30_000;
        while (isRunning(running) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(!isRunning(running));
        assertEquals(0, outstandingRequests(), "the room that appeared is not given to the withdrawn request");
        assertTrue(third.isCancelled());
        assertEquals(List.of(), List.copyOf(events));
    }

    /** Waits until YARN's scheduler holds {@code expected} outstanding container requests of the application. */
    private void awaitOutstandingRequests(int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (outstandingRequests() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, outstandingRequests(), "outstanding container requests at the ResourceManager");
    }

    /** The containers the application's current attempt still asks YARN's scheduler for. */
    private int outstandingRequests() throws Exception {
        ApplicationAttemptId attempt = client.getApplicationReport(application).getCurrentApplicationAttemptId();
        AbstractYarnScheduler<?, ?> scheduler = (AbstractYarnScheduler<?, ?>)
                yarn.cluster().getResourceManager().getResourceScheduler();
        return scheduler.getApplicationAttempt(attempt).getAppSchedulingInfo().getAllResourceRequests().stream()
                .filter(r -> ResourceRequest.ANY.equals(r.getResourceName()))
                .mapToInt(ResourceRequest::getNumContainers)
                .sum();
    }

    /**
     * The real launch context and container main: a JobManager in this JVM whose resource manager
     * keeps one slot starts a TaskManager container, which gets the secret from its YARN credentials
     * and its configuration from a localized file, registers, and logs into the container's log
     * directory. No configuration value is on the container's command line (its
     * {@code launch_container.sh}, its process): a marker secret among the options is in neither,
     * while an option only the TaskManager reads ({@code taskmanager.data.port}) is in effect.
     */
    @Test
    void aTaskManagerInAContainerRegistersWithTheSecretFromItsCredentialsAndTheConfigurationFromAFile()
            throws Exception {
        UserGroupInformation am = submitUnmanagedApplication();
        String marker = "marker-" + Long.toHexString(new SecureRandom().nextLong());
        int dataPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            dataPort = free.getLocalPort();
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Credentials credentials = new Credentials();
        credentials.addSecretKey(new Text(ClusterSpec.SECRET_ALIAS), key);
        Configuration config = new Configuration();
        config.set(ClusterOptions.MIN_SLOTS, 1);
        config.set(ClusterOptions.TASK_MANAGER_MEMORY, MemorySize.ofMebiBytes(384));
        config.setString("fs.s3a.secret.key", marker);
        config.set(dev.spindle.config.NetworkOptions.DATA_PORT, dataPort);
        // Only the configuration to localize: every NodeManager here reads this JVM's classpath.
        List<String> classpath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        Path staging = Files.createDirectories(yarnDir.resolve("staging-" + application));
        org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(yarn.config());
        org.apache.hadoop.yarn.api.records.LocalResource configFile = TaskManagerLaunchContexts.writeConfiguration(
                fs, new org.apache.hadoop.fs.Path(staging.toUri()), config);
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(staging.resolve(TaskManagerLaunchContexts.CONFIG_FILE))));
        try (JobManagerRunner jm = JobManagerRunner.start(
                config,
                ClusterSecret.of(key),
                address -> {
                    try {
                        TaskManagerLaunchContexts contexts = new TaskManagerLaunchContexts(
                                Map.of(),
                                classpath,
                                credentials,
                                System.getProperty("java.home"),
                                config,
                                configFile,
                                "127.0.0.1:" + address.getPort());
                        return asUnmanagedAm(
                                am, new YarnResourceDriver(new YarnConfiguration(yarn.config()), contexts, OPTIONS));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                "127.0.0.1")) {
            long deadline = System.currentTimeMillis() + 90_000;
            List<TaskManagerDetails> tms = jm.dispatcher().listTaskManagers().get();
            while (tms.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                tms = jm.dispatcher().listTaskManagers().get();
            }
            assertEquals(1, tms.size(), "no TaskManager registered; events: " + events);
            String container = tms.get(0).id();
            assertTrue(container.startsWith("container_"), container);
            assertEquals(1, tms.get(0).slots());
            // It registers before it logs that it runs.
            Path log = containerLog(container, "taskmanager.log");
            String text = Files.readString(log);
            while (!text.contains("TaskManager " + container + " running") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                text = Files.readString(log);
            }
            assertTrue(text.contains("TaskManager " + container + " running"), text);

            assertEquals(dataPort, tms.get(0).dataPort(), "the TaskManager read taskmanager.data.port from its file");
            List<Path> scripts = containerFiles(container, "launch_container.sh");
            assertTrue(!scripts.isEmpty(), "no launch_container.sh of " + container);
            for (Path script : scripts) {
                String launch = Files.readString(script);
                assertTrue(launch.contains("--config-file " + TaskManagerLaunchContexts.CONFIG_FILE), launch);
                assertTrue(!launch.contains(marker), "a configuration value in " + script + ":\n" + launch);
            }
            List<ProcessHandle> processes = ProcessHandle.allProcesses()
                    .filter(p -> ProcessCommandLines.arguments(p).contains(container))
                    .toList();
            assertTrue(!processes.isEmpty(), "no process of " + container);
            for (ProcessHandle p : processes) {
                String cmdline = ProcessCommandLines.of(p).orElse("");
                assertTrue(
                        !cmdline.contains(marker),
                        "a configuration value on the command line of " + p.pid() + ": " + cmdline);
            }
        }
    }

    /** The files of this name in a container's directories under every NodeManager's local directories. */
    private static List<Path> containerFiles(String container, String name) throws Exception {
        List<Path> found = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (String localDir :
                    yarn.cluster().getNodeManager(i).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOCAL_DIRS)) {
                Path root = Path.of(java.net.URI.create(localDir).getPath());
                if (Files.isDirectory(root)) {
                    try (var files = Files.walk(root)) {
                        files.filter(f -> f.endsWith(Path.of(container, name))).forEach(found::add);
                    }
                }
            }
        }
        return found;
    }

    /** A file in a container's log directory on whichever NodeManager runs it. */
    private static Path containerLog(String container, String name) throws Exception {
        for (int i = 0; i < 2; i++) {
            for (String logDir :
                    yarn.cluster().getNodeManager(i).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS)) {
                Path root = Path.of(java.net.URI.create(logDir).getPath());
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (var files = Files.walk(root)) {
                    Optional<Path> log = files.filter(f -> f.endsWith(Path.of(container, name)))
                            .findFirst();
                    if (log.isPresent()) {
                        return log.get();
                    }
                }
            }
        }
        throw new AssertionError("no " + name + " of " + container);
    }
}
