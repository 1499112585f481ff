package dev.spindle.resource.local;

import dev.spindle.core.UserSystemExits;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.ResourceEventHandler;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import dev.spindle.util.ProcessCommandLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workers as child JVM processes of this one, for tests and for a standalone cluster on one
 * machine. Each worker gets a directory {@code <workDirectory>/<workerId>/} holding its log
 * ({@code worker.log}, its stdout and stderr). A worker process that exits without having been
 * released is reported with its exit code and log path.
 *
 * <p>A driver that adopts running workers (a standby JobManager of a standalone cluster that takes
 * over from a leader that died) finds, when it is initialized, the worker processes of its work
 * directory that still run (on Linux, by their working directory in {@code /proc}), reports them as
 * the previous incarnation's workers, and from then on releases and stops them as its own: they
 * register with the new leader instead of being replaced by new ones.
 *
 * <p>Threading: called on the resource manager's main thread; process exits are observed on
 * JDK threads and handed to the main thread.
 */
public final class LocalProcessDriver implements ResourceDriver {
    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessDriver.class);
    private static final long STOP_GRACE_MILLIS = 5_000;

    private final WorkerLaunchSpec launch;
    private final AtomicInteger counter = new AtomicInteger();
    // Concurrent maps: tests and metrics read them from other threads; changes happen on the main thread.
    private final Map<WorkerId, Process> workers = new ConcurrentHashMap<>();
    private final Map<WorkerId, Boolean> released = new ConcurrentHashMap<>();
    /** Running workers started by an earlier driver of the same work directory (not children of this JVM). */
    private final Map<WorkerId, ProcessHandle> adopted = new ConcurrentHashMap<>();

    private final boolean adoptRunning;
    private ResourceEventHandler handler;
    private Executor mainThread;

    public LocalProcessDriver(WorkerLaunchSpec launch) {
        this(launch, false);
    }

    /** @param adoptRunning whether workers of the work directory that still run are taken over (see above) */
    public LocalProcessDriver(WorkerLaunchSpec launch, boolean adoptRunning) {
        this.launch = launch;
        this.adoptRunning = adoptRunning;
    }

    @Override
    public void initialize(ResourceEventHandler handler, Executor mainThread) throws IOException {
        this.handler = handler;
        this.mainThread = mainThread;
        Files.createDirectories(launch.workDirectory());
        if (adoptRunning) {
            adoptRunningWorkers();
        }
    }

    private void adoptRunningWorkers() {
        Path workDirectory = launch.workDirectory().toAbsolutePath().normalize();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .forEach(p -> {
                    Path cwd = workingDirectory(p);
                    if (cwd != null
                            && workDirectory.equals(cwd.getParent())
                            // the full line: a worker's class path alone passes the JDK's 4 KB
                            && ProcessCommandLines.of(p).orElse("").contains(launch.mainClass())) {
                        WorkerId id = new WorkerId(cwd.getFileName().toString());
                        adopted.put(id, p);
                        released.put(id, false);
                        p.onExit()
                                .thenAccept(gone -> mainThread.execute(() -> onExit(
                                        id,
                                        "worker process (pid " + gone.pid()
                                                + ", not a child of this JobManager) exited",
                                        cwd.resolve("worker.log"))));
                    }
                });
        if (!adopted.isEmpty()) {
            LOG.info("Adopted {} running worker(s) of {}: {}", adopted.size(), workDirectory, adopted.keySet());
            handler.onPreviousWorkersRecovered(List.copyOf(adopted.keySet()));
        }
    }

    /** A process's working directory, or null where it cannot be read (other users' processes, no /proc). */
    private static Path workingDirectory(ProcessHandle p) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"))
                    .toAbsolutePath()
                    .normalize();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public CompletableFuture<WorkerId> requestWorker(WorkerSpec spec) {
        WorkerId id = new WorkerId(
                "worker-" + counter.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff));
        try {
            Path dir = launch.workDirectory().resolve(id.value());
            Files.createDirectories(dir);
            Path log = dir.resolve("worker.log");
            ProcessBuilder pb = new ProcessBuilder(command(id, spec, log))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(launch.environment());
            Process process = pb.start();
            workers.put(id, process);
            released.put(id, false);
            LOG.info(
                    "Started worker {} (pid {}, {} slots, {}), log {}",
                    id,
                    process.pid(),
                    spec.slots(),
                    spec.processMemory(),
                    log);
            process.onExit()
                    .thenAccept(p -> mainThread.execute(
                            () -> onExit(id, "worker process exited with code " + p.exitValue(), log)));
            return CompletableFuture.completedFuture(id);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(
                    new IOException("could not start worker " + id + ": " + e.getMessage(), e));
        }
    }

    private List<String> command(WorkerId id, WorkerSpec spec, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(launch.javaExecutable().toString());
        // The heap gets three quarters of the process; the rest is metaspace, threads, direct buffers.
        long heapMb = Math.max(64, spec.processMemory().mebiBytes() * 3 / 4);
        cmd.add("-Xmx" + heapMb + "m");
        // Lets the worker intercept System.exit of user code on any Java (UserSystemExits).
        cmd.add(UserSystemExits.JVM_OPTION);
        // No -XX:ActiveProcessorCount: local workers share this machine's cores, as the local
        // mode's JVM does; limiting them made the JVM pick the serial GC and one compiler thread.
        cmd.addAll(launch.jvmOptions());
        // Where the worker's output goes, so that it serves the file over REST (LogDirectory).
        cmd.add("-D" + dev.spindle.ops.LogDirectory.LOG_FILE_PROPERTY + "=" + log);
        cmd.add("-cp");
        cmd.add(launch.classpath());
        cmd.add(launch.mainClass());
        cmd.add("--worker-id");
        cmd.add(id.value());
        cmd.add("--slots");
        cmd.add(Integer.toString(spec.slots()));
        cmd.addAll(launch.arguments());
        return cmd;
    }

    private void onExit(WorkerId id, String how, Path log) {
        Boolean wasReleased = released.remove(id);
        workers.remove(id);
        adopted.remove(id);
        if (wasReleased != null && !wasReleased) {
            String diagnostics = how + "; its log: " + log;
            LOG.warn("Worker {} terminated: {}", id, diagnostics);
            handler.onWorkerTerminated(id, diagnostics);
        }
    }

    @Override
    public void releaseWorker(WorkerId worker) {
        ProcessHandle p = workers.containsKey(worker) ? workers.get(worker).toHandle() : adopted.get(worker);
        if (p == null) {
            return;
        }
        released.put(worker, true);
        stop(p);
    }

    private static void stop(ProcessHandle p) {
        p.destroy();
        p.onExit()
                .completeOnTimeout(null, STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)
                .thenRun(() -> {
                    if (p.isAlive()) {
                        p.destroyForcibly();
                    }
                });
    }

    @Override
    public void terminate() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(adopted.values());
        workers.values().forEach(p -> all.add(p.toHandle()));
        released.replaceAll((k, v) -> true);
        for (ProcessHandle p : all) {
            stop(p);
        }
        long deadline = System.currentTimeMillis() + STOP_GRACE_MILLIS + 2_000;
        for (ProcessHandle p : all) {
            long left = deadline - System.currentTimeMillis();
            if (left > 0) {
                try {
                    p.onExit().get(left, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // stopped forcibly below
                }
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** The process of a running worker, for tests. */
    Process processOf(WorkerId worker) {
        return workers.get(worker);
    }
}
