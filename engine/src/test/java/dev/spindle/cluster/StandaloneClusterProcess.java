package dev.spindle.cluster;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.cluster.entrypoint.ConfigurationFile;
import dev.spindle.cluster.entrypoint.EntrypointArgs;
import dev.spindle.cluster.entrypoint.JobManagerMain;
import dev.spindle.cluster.entrypoint.TaskManagerMain;
import dev.spindle.cluster.taskexecutor.TaskManagerRunner;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.JobExecutionResultResponse;
import dev.spindle.rest.RestMessages.TaskManagerInfo;
import dev.spindle.rest.client.RestClient;
import dev.spindle.rest.client.RestClusterExecutor;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import dev.spindle.util.ProcessCommandLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone cluster made of real processes, for tests: {@link JobManagerMain} runs as a child
 * JVM of the test with the test's classpath (so job functions of test classes load on the
 * TaskManagers, which the JobManager starts as its own children with its classpath), in a fresh
 * cluster directory, with a fresh secret, REST on a free port, short heartbeats and small
 * TaskManagers. Logs (INFO) go to {@code DIR/jobmanager.log} and
 * {@code DIR/taskmanagers/<id>/worker.log}; {@link #logs()} collects them for failure messages.
 *
 * <p>{@link #close()} stops the JobManager with SIGTERM, as an operator would, waits for it and
 * for every TaskManager it started, and fails (after killing them) if any process is left.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class StandaloneClusterProcess implements AutoCloseable {
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(300);
    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Fast-starting JVMs: these processes run small jobs for seconds, not throughput. */
    /** The JobManager's configuration file in the cluster directory, as the script names it. */
    public static final String CONFIG_FILE = "cluster.conf";

    private static final List<String> JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private final Path dir;
    private final Process jobManager;
    private final ClusterSecret secret;
    private final URI restAddress;
    private final InetSocketAddress rpcAddress;
    private final RestClient rest;
    private final RestClient anonymous;
    /** Every TaskManager process seen so far, by id, so that close() can check it ended too. */
    private final Map<String, ProcessHandle> taskManagers = new ConcurrentHashMap<>();

    private final Thread killOnExit;
    private boolean closed;
    /** Set by {@link #killJobManager}: close() then only cleans up, as nothing stops in order after a crash. */
    private boolean jobManagerKilled;

    private StandaloneClusterProcess(
            Path dir, Process jobManager, ClusterSecret secret, URI restAddress, InetSocketAddress rpcAddress) {
        this.dir = dir;
        this.jobManager = jobManager;
        this.secret = secret;
        this.restAddress = restAddress;
        this.rpcAddress = rpcAddress;
        this.rest = new RestClient(restAddress, secret, Duration.ofSeconds(20));
        this.anonymous = new RestClient(restAddress, null, Duration.ofSeconds(20));
        // A test JVM that dies without close() must not leave a cluster behind (its TaskManagers
        // would end on their own after the heartbeat timeout, the JobManager never).
        this.killOnExit = new Thread(
                () -> {
                    jobManager.descendants().forEach(ProcessHandle::destroyForcibly);
                    jobManager.destroyForcibly();
                },
                "kill standalone cluster " + dir);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts a JobManager process in {@code dir} (created if needed) and waits until it serves.
     *
     * @param options configuration options on top of the test defaults (which they override)
     */
    public static StandaloneClusterProcess start(Path dir, Map<String, String> options) throws Exception {
        Files.createDirectories(dir);
        ClusterSecret secret = ClusterSecret.generate();
        Path secretFile = dir.resolve("cluster.secret");
        secret.writeTo(secretFile);
        Path log4j = dir.resolve("log4j.properties");
        Files.writeString(
                log4j,
                String.join(
                        "\n",
                        "log4j.rootLogger=INFO, console",
                        "log4j.logger.io.netty=WARN",
                        "log4j.appender.console=org.apache.log4j.ConsoleAppender",
                        "log4j.appender.console.layout=org.apache.log4j.PatternLayout",
                        "log4j.appender.console.layout.ConversionPattern=%d{HH:mm:ss.SSS} %-5p [%t] %c{1} - %m%n",
                        ""));

        Map<String, String> config = new LinkedHashMap<>();
        config.put("rest.port", "0");
        config.put("heartbeat.interval", HEARTBEAT_INTERVAL.toMillis() + " ms");
        config.put("heartbeat.timeout", HEARTBEAT_TIMEOUT.toMillis() + " ms");
        config.put("taskmanager.memory.process.size", "256m");
        config.put("slot.request.timeout", "30 s");
        config.put("env.java.opts.taskmanager", String.join(" ", JVM_OPTIONS));
        config.putAll(options);

        // As scripts/standalone-cluster does: the options in an owner-only file, never on the command line.
        ConfigurationFile.write(Configuration.fromMap(config), dir.resolve(CONFIG_FILE));
        Process process = launchJobManager(dir, "jobmanager.log");
        try {
            Path info = dir.resolve(JobManagerMain.INFO_FILE);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.exists(info)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the JobManager exited with " + process.exitValue()
                            + " before serving; its log:\n" + tail(dir.resolve("jobmanager.log")));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the JobManager did not serve within " + START_TIMEOUT
                            + "; its log:\n" + tail(dir.resolve("jobmanager.log")));
                }
                Thread.sleep(20);
            }
            Properties p = readInfo(dir);
            if (Long.parseLong(p.getProperty("pid")) != process.pid()) {
                throw new IllegalStateException(
                        "jobmanager.properties names pid " + p.getProperty("pid") + ", not " + process.pid());
            }
            return new StandaloneClusterProcess(
                    dir,
                    process,
                    secret,
                    URI.create(p.getProperty("rest.address")),
                    EntrypointArgs.hostAndPort(p.getProperty("rpc.address"), "rpc.address"));
        } catch (Exception | Error e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
    }

    /** A JobManager process on {@code dir} with its secret, log4j and configuration files, logging to {@code log}. */
    private static Process launchJobManager(Path dir, String log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(JVM_OPTIONS);
        command.add("-Dlog4j.configuration=" + dir.resolve("log4j.properties").toUri());
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                JobManagerMain.class.getName(),
                "--cluster-dir",
                dir.toString(),
                "--config-file",
                dir.resolve(CONFIG_FILE).toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        pb.environment()
                .put(ClusterSecret.FILE_ENV, dir.resolve("cluster.secret").toString());
        return pb.start();
    }

    /**
     * Starts another JobManager process on this cluster's directory, secret and configuration (a
     * standby, with high availability), logging to {@code DIR/<log>}; it does not wait for it. The
     * caller stops it; it is killed when the test JVM exits.
     */
    public Process startStandbyJobManager(String log) throws IOException {
        Process standby = launchJobManager(dir, log);
        Runtime.getRuntime().addShutdownHook(new Thread(standby::destroyForcibly, "kill standby " + standby.pid()));
        return standby;
    }

    /** The properties of {@code DIR/jobmanager.properties} as they are now (after a takeover, the new leader's). */
    public static Properties readInfo(Path dir) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(JobManagerMain.INFO_FILE))) {
            p.load(in);
        }
        return p;
    }

    // ---- what a test reaches ----

    public ClusterSecret secret() {
        return secret;
    }

    public URI restAddress() {
        return restAddress;
    }

    /** A REST client with the cluster's secret (it may submit and cancel). */
    public RestClient rest() {
        return rest;
    }

    /** A REST client without a secret: it may only read. */
    public RestClient restWithoutSecret() {
        return anonymous;
    }

    /** A REST client that holds {@code other} instead of the cluster's secret. */
    public RestClient restWith(ClusterSecret other) {
        return new RestClient(restAddress, other, Duration.ofSeconds(20));
    }

    /** Where TaskManagers register (the JobManager's RPC endpoint {@link JobManagerRunner#ENDPOINT}). */
    public InetSocketAddress rpcAddress() {
        return rpcAddress;
    }

    public ProcessHandle jobManagerProcess() {
        return jobManager.toHandle();
    }

    public Path directory() {
        return dir;
    }

    /**
     * An environment whose jobs run on this cluster through REST ({@link RestClusterExecutor}),
     * with the functions of this JVM's classpath (the TaskManagers have the same one).
     */
    public StreamExecutionEnvironment environment(int parallelism) {
        Configuration config = new Configuration();
        config.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        return new StreamExecutionEnvironment(
                config,
                new RestClusterExecutor(rest, List.of(), Duration.ofMillis(50)),
                StandaloneClusterProcess.class.getClassLoader());
    }

    // ---- TaskManagers ----

    /**
     * Starts a TaskManager process as a child of this test JVM (not of the JobManager, so that the
     * test sees its exit code), as an operator would start one by hand: {@link TaskManagerMain} with
     * the cluster's secret file, registering at the JobManager's RPC address. Its output goes to
     * {@code DIR/<id>.log}. The caller ends it.
     */
    public Process startTaskManager(String id, int slots) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.addAll(JVM_OPTIONS);
        command.add("-Dlog4j.configuration=" + dir.resolve("log4j.properties").toUri());
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                TaskManagerMain.class.getName(),
                "--worker-id",
                id,
                "--slots",
                Integer.toString(slots),
                "--jobmanager",
                rpcAddress.getHostString() + ":" + rpcAddress.getPort()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(id + ".log").toFile());
        pb.environment()
                .put(ClusterSecret.FILE_ENV, dir.resolve("cluster.secret").toString());
        return pb.start();
    }

    /** Waits until exactly {@code count} TaskManagers are registered, every slot free; returns them. */
    public List<TaskManagerInfo> awaitIdleTaskManagers(int count, Duration timeout) throws Exception {
        AtomicReference<List<TaskManagerInfo>> last = new AtomicReference<>();
        awaitCondition(
                count + " idle TaskManagers",
                timeout,
                () -> {
                    List<TaskManagerInfo> tms = rest.taskManagers();
                    last.set(tms);
                    return tms.size() == count && tms.stream().allMatch(t -> t.freeSlots() == t.slotsNumber());
                },
                () -> "TaskManagers: " + last.get());
        return last.get();
    }

    /** The process of the registered TaskManager {@code id}: a descendant of the JobManager started with {@code --worker-id id}. */
    public ProcessHandle taskManagerProcess(String id) {
        ProcessHandle known = taskManagers.get(id);
        if (known != null) {
            return known;
        }
        // A JVM (not a shell that started one), alive (not a killed one not yet reaped), and not a
        // child the TaskManager is forking right now (Hadoop's local file system runs commands such as
        // chmod: until its exec, such a child has the TaskManager's command line).
        List<ProcessHandle> matches = jobManager
                .descendants()
                .filter(p -> isWorker(p, id))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().orElse("").endsWith("java"))
                .filter(p -> p.parent().map(parent -> !isWorker(parent, id)).orElse(true))
                .toList();
        if (matches.size() != 1) {
            throw new IllegalStateException("expected one process with --worker-id " + id + ", found " + matches);
        }
        taskManagers.put(id, matches.get(0));
        return matches.get(0);
    }

    /** The processes of the TaskManagers registered now, by id. */
    public Map<String, ProcessHandle> taskManagerProcesses() throws IOException {
        Map<String, ProcessHandle> out = new LinkedHashMap<>();
        for (TaskManagerInfo tm : rest.taskManagers()) {
            out.put(tm.id(), taskManagerProcess(tm.id()));
        }
        return out;
    }

    private static boolean isWorker(ProcessHandle p, String id) {
        return id.equals(workerId(p));
    }

    /** The {@code --worker-id} of a TaskManager process, or null. */
    private static String workerId(ProcessHandle p) {
        List<String> args = ProcessCommandLines.arguments(p);
        int i = args.indexOf("--worker-id");
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    /** The RPC address of a TaskManager (its {@link TaskManagerRunner#ENDPOINT}), from its {@code path}. */
    public static InetSocketAddress rpcAddressOf(TaskManagerInfo tm) {
        return EntrypointArgs.hostAndPort(tm.path(), "path");
    }

    /** The address of a TaskManager's partition server. */
    public static InetSocketAddress dataAddressOf(TaskManagerInfo tm) {
        return new InetSocketAddress(rpcAddressOf(tm).getHostString(), tm.dataPort());
    }

    /**
     * The names of the live threads of a process, from a thread dump ({@code jcmd PID Thread.print}):
     * what a test looks at to tell that no task thread hangs.
     */
    public static List<String> threadNames(ProcessHandle process) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()),
                        "Thread.print")
                .redirectErrorStream(true)
                .start();
        String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd " + process.pid() + " Thread.print failed: " + dump);
        }
        return dump.lines()
                .filter(l -> l.startsWith("\""))
                .map(l -> l.substring(1, l.indexOf('"', 1)))
                .toList();
    }

    // ---- jobs ----

    public JobDetailsResponse job(JobId id) throws IOException {
        return rest.jobDetails(id);
    }

    /**
     * Runs a small keyed BATCH job at parallelism 2 (sums of 1..100000 by residue mod 7, written
     * to {@code out}) on the cluster and fails unless it finishes with the right output: the
     * cluster still runs jobs.
     */
    public void assertSmallJobRuns(Path out) throws Exception {
        StreamExecutionEnvironment env = environment(2);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromSequence(1, 100_000)
                .keyBy(i -> i % 7)
                .sum(0)
                .map(v -> Long.toString(v))
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE);
        env.execute("sums by residue");
        Set<Long> expected = new TreeSet<>();
        for (long r = 0; r < 7; r++) {
            long sum = 0;
            for (long i = 1; i <= 100_000; i++) {
                sum += i % 7 == r ? i : 0;
            }
            expected.add(sum);
        }
        Set<Long> actual = new TreeSet<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.toList()) {
                Files.readAllLines(part).forEach(l -> actual.add(Long.parseLong(l)));
            }
        }
        if (!expected.equals(actual)) {
            throw new AssertionError("sums by residue: expected " + expected + ", got " + actual);
        }
    }

    /** Waits until every task of the job is RUNNING. */
    public void awaitAllTasksRunning(JobId id, Duration timeout) throws Exception {
        AtomicReference<JobDetailsResponse> last = new AtomicReference<>();
        awaitCondition(
                "all tasks of " + id + " running",
                timeout,
                () -> {
                    JobDetailsResponse job = rest.jobDetails(id);
                    last.set(job);
                    return job.state().equals("RUNNING")
                            && !job.vertices().isEmpty()
                            && job.vertices().stream()
                                    .allMatch(v -> v.tasks().keySet().equals(Set.of("RUNNING")));
                },
                () -> "job: " + last.get());
    }

    /** Polls the execution result until the job has ended. */
    public JobExecutionResultResponse awaitResult(JobId id, Duration timeout) throws Exception {
        AtomicReference<JobExecutionResultResponse> last = new AtomicReference<>();
        awaitCondition(
                "job " + id + " to end",
                timeout,
                () -> {
                    JobExecutionResultResponse r = rest.executionResult(id);
                    last.set(r);
                    return r.completed();
                },
                () -> "last answer: " + last.get());
        return last.get();
    }

    /** A condition that may throw, for {@link #awaitCondition}. */
    @FunctionalInterface
    public interface Check {
        boolean test() throws Exception;
    }

    /** Polls {@code check} every 20 ms; fails naming {@code what}, the last state and the logs. */
    public void awaitCondition(String what, Duration timeout, Check check, java.util.function.Supplier<String> state)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.test()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "; " + state.get() + "\n" + logs());
            }
            Thread.sleep(20);
        }
    }

    // ---- logs ----

    /** The last lines of the JobManager's log and of every TaskManager's, for failure messages. */
    public String logs() {
        StringBuilder out = new StringBuilder("---- jobmanager.log\n").append(tail(dir.resolve("jobmanager.log")));
        Path tms = dir.resolve("taskmanagers");
        if (Files.isDirectory(tms)) {
            try (Stream<Path> workers = Files.list(tms)) {
                for (Path w : workers.sorted().toList()) {
                    out.append("---- ")
                            .append(w.getFileName())
                            .append("/worker.log\n")
                            .append(tail(w.resolve("worker.log")));
                }
            } catch (IOException e) {
                out.append(e);
            }
        }
        return out.toString();
    }

    /** Lines of every log of the cluster that contain {@code text}. */
    public List<String> logLines(String text) throws IOException {
        List<Path> files = new ArrayList<>(List.of(dir.resolve("jobmanager.log")));
        Path tms = dir.resolve("taskmanagers");
        if (Files.isDirectory(tms)) {
            try (Stream<Path> workers = Files.list(tms)) {
                workers.map(w -> w.resolve("worker.log")).filter(Files::exists).forEach(files::add);
            }
        }
        List<String> lines = new ArrayList<>();
        for (Path f : files) {
            try (Stream<String> s = Files.lines(f, StandardCharsets.ISO_8859_1)) {
                s.filter(l -> l.contains(text))
                        .forEach(l -> lines.add(f.getParent().getFileName() + ": " + l));
            }
        }
        return lines;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return lines.subList(Math.max(0, lines.size() - 60), lines.size()).stream()
                    .collect(Collectors.joining("\n", "", "\n"));
        } catch (IOException e) {
            return "(" + e + ")\n";
        }
    }

    // ---- stop ----

    /**
     * SIGKILLs the JobManager, as a crash would, and waits until it is gone. Its TaskManagers are
     * left to notice; {@link #close()} then kills whatever is left without judging how it stopped.
     */
    public void killJobManager() throws InterruptedException {
        jobManager.descendants().forEach(p -> taskManagers.putIfAbsent("pid-" + p.pid(), p));
        jobManagerKilled = true;
        jobManager.destroyForcibly();
        jobManager.waitFor();
    }

    /**
     * Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) to the JobManager with {@code kill}. As
     * after {@link #killJobManager}, {@link #close()} then only cleans up: a suspended JobManager is
     * deposed, and its TaskManagers serve the next leader.
     */
    public void signalJobManager(String signal) throws IOException, InterruptedException {
        jobManager.descendants().forEach(p -> taskManagers.putIfAbsent("pid-" + p.pid(), p));
        jobManagerKilled = true;
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(jobManager.pid()))
                .redirectErrorStream(true)
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + jobManager.pid() + ": "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Waits until the JobManager process has exited and returns its exit code; fails after {@code timeout}. */
    public int awaitJobManagerExit(Duration timeout) throws InterruptedException {
        if (!jobManager.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(
                    "the JobManager (pid " + jobManager.pid() + ") did not exit within " + timeout + "\n" + logs());
        }
        return jobManager.exitValue();
    }

    /**
     * Stops the JobManager with SIGTERM and waits for it and for every TaskManager process it
     * started. Fails with an {@link AssertionError} (after killing what is left) if the JobManager
     * does not stop within 30 s, if a TaskManager is still alive 2 s after it, or if one was not
     * stopped by the JobManager but exited because it lost it.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ProcessHandle> children = new ArrayList<>(jobManager.descendants().toList());
        taskManagers.values().stream().filter(p -> !children.contains(p)).forEach(children::add);
        if (jobManagerKilled) {
            children.forEach(ProcessHandle::destroyForcibly);
            Runtime.getRuntime().removeShutdownHook(killOnExit);
            return;
        }
        try {
            List<String> problems = stop(children);
            if (!problems.isEmpty()) {
                throw new AssertionError(String.join("; ", problems) + "\n" + logs());
            }
        } catch (InterruptedException e) {
            children.forEach(ProcessHandle::destroyForcibly);
            jobManager.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the cluster in " + dir, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway
            }
        }
    }

    private List<String> stop(List<ProcessHandle> children) throws InterruptedException, IOException {
        List<String> runningIds = children.stream()
                .filter(ProcessHandle::isAlive)
                .map(StandaloneClusterProcess::workerId)
                .filter(java.util.Objects::nonNull)
                .toList();
        jobManager.destroy(); // SIGTERM: its shutdown hook stops the TaskManagers
        List<String> problems = new ArrayList<>();
        if (!jobManager.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            problems.add("the JobManager (pid " + jobManager.pid() + ") did not stop within " + STOP_TIMEOUT
                    + " of SIGTERM");
            jobManager.destroyForcibly();
        }
        // The JobManager stops its TaskManagers before it exits; one still there a moment later was
        // left behind (it would exit by itself only once it misses the JobManager's heartbeats).
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                String id = workerId(child);
                problems.add((id != null ? "TaskManager " + id : "process") + " (pid " + child.pid()
                        + ") was left running after the JobManager stopped");
                child.destroyForcibly();
            }
        }
        List<String> orphans = logLines("lost its JobManager").stream()
                .filter(l -> runningIds.stream().anyMatch(id -> l.startsWith(id + ":")))
                .toList();
        if (!orphans.isEmpty()) {
            problems.add("TaskManagers were not stopped by the JobManager but exited when they lost it: " + orphans);
        }
        if (Files.exists(dir.resolve(JobManagerMain.INFO_FILE))) {
            problems.add(JobManagerMain.INFO_FILE + " was not removed when the JobManager stopped");
        }
        return problems;
    }
}
