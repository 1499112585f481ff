package dev.spindle.resource.local;

import dev.spindle.core.UserSystemExits;
import dev.spindle.resource.ResourceDriver;
import dev.spindle.resource.ResourceEventHandler;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
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
    private ResourceEventHandler handler;
    private Executor mainThread;

    public LocalProcessDriver(WorkerLaunchSpec launch) {
        this.launch = launch;
    }

    @Override
    public void initialize(ResourceEventHandler handler, Executor mainThread) throws IOException {
        this.handler = handler;
        this.mainThread = mainThread;
        Files.createDirectories(launch.workDirectory());
    }

    @Override
    public CompletableFuture<WorkerId> requestWorker(WorkerSpec spec) {
        WorkerId id = new WorkerId(
                "worker-" + counter.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff));
        try {
            Path dir = launch.workDirectory().resolve(id.value());
            Files.createDirectories(dir);
            Path log = dir.resolve("worker.log");
            ProcessBuilder pb = new ProcessBuilder(command(id, spec))
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
            process.onExit().thenAccept(p -> mainThread.execute(() -> onExit(id, p.exitValue(), log)));
            return CompletableFuture.completedFuture(id);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(
                    new IOException("could not start worker " + id + ": " + e.getMessage(), e));
        }
    }

    private List<String> command(WorkerId id, WorkerSpec spec) {
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

    private void onExit(WorkerId id, int exitCode, Path log) {
        Boolean wasReleased = released.remove(id);
        workers.remove(id);
        if (wasReleased != null && !wasReleased) {
            String diagnostics = "worker process exited with code " + exitCode + "; its log: " + log;
            LOG.warn("Worker {} terminated: {}", id, diagnostics);
            handler.onWorkerTerminated(id, diagnostics);
        }
    }

    @Override
    public void releaseWorker(WorkerId worker) {
        Process p = workers.get(worker);
        if (p == null) {
            return;
        }
        released.put(worker, true);
        stop(p);
    }

    private static void stop(Process p) {
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
        List<Process> all = new ArrayList<>(workers.values());
        released.replaceAll((k, v) -> true);
        for (Process p : all) {
            stop(p);
        }
        long deadline = System.currentTimeMillis() + STOP_GRACE_MILLIS + 2_000;
        for (Process p : all) {
            long left = deadline - System.currentTimeMillis();
            if (left > 0) {
                p.waitFor(left, TimeUnit.MILLISECONDS);
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
