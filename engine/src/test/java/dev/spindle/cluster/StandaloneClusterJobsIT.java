package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.core.execution.JobClient;
import dev.spindle.examples.WordCount;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.JobExecutionResultResponse;
import dev.spindle.rest.RestMessages.TaskManagerInfo;
import dev.spindle.rest.client.RestClientException;
import dev.spindle.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs on a standalone cluster of real processes: a JobManager process and two TaskManager
 * processes of one slot each, which it starts. The cluster is shared by the tests of this class;
 * each starts from two idle TaskManagers (one that was killed or frozen is replaced by the
 * JobManager, which keeps two slots). Measured times are printed to stdout.
 */
class StandaloneClusterJobsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    static StandaloneClusterProcess cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster =
                StandaloneClusterProcess.start(dir.resolve("cluster"), Map.of("slotmanager.number-of-slots.min", "2"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close(); // fails if a process is left behind
        }
    }

    private List<TaskManagerInfo> taskManagers;

    @BeforeEach
    void twoIdleTaskManagers() throws Exception {
        taskManagers = cluster.awaitIdleTaskManagers(2, TIMEOUT);
    }

    @Test
    void wordCountAcrossTwoTaskManagerProcessesMatchesExpectedAndLocalRun() throws Exception {
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = writeWords(input, 400_000);

        Path clusterOut = dir.resolve("wc-cluster");
        JobExecutionResult result =
                wordCount(cluster.environment(2), input, clusterOut).execute("wordcount on processes");
        Path localOut = dir.resolve("wc-local");
        wordCount(StreamExecutionEnvironment.createLocalEnvironment(2), input, localOut)
                .execute("wordcount locally");

        Map<String, List<String>> onCluster = partFiles(clusterOut);
        assertEquals(Set.of("part-0", "part-1"), onCluster.keySet());
        assertEquals(expected, counts(onCluster), "cluster output differs from the counts computed here");
        // Same key groups in every JVM: each part holds the same words in both runs.
        assertEquals(partFiles(localOut), onCluster, "cluster output differs from the local run's");

        // Both TaskManager processes ran a part of it: each logged starting tasks of this job.
        JobId job = result.jobId();
        assertEquals("FINISHED", cluster.job(job).state());
        for (TaskManagerInfo tm : taskManagers) {
            assertFalse(
                    cluster.logLines("of job " + job).stream().noneMatch(l -> l.startsWith(tm.id() + ":")),
                    "no task of the job ran on " + tm.id());
        }
    }

    @Test
    void systemExitOfAJarsMainFailsTheRunAndOfAFunctionFailsItsTaskWhileEveryProcessLivesOn() throws Exception {
        Map<String, ProcessHandle> taskManagerProcesses = cluster.taskManagerProcesses();
        // A job of another user runs meanwhile, and must not notice.
        JobClient other = endlessKeyedJob(cluster.environment(1)).executeAsync("endless; another program exits");
        cluster.awaitAllTasksRunning(other.getJobId(), TIMEOUT);

        // A jar's main() run inside the JobManager: the request is answered with the exit, the JobManager lives.
        Path jar = dir.resolve("exits.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ExitingProgram.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        String jarId = cluster.rest().uploadJar(jar);
        RestClientException refused =
                assertThrows(RestClientException.class, () -> cluster.rest().runJar(jarId, null, List.of(), null));
        assertEquals(400, refused.statusCode(), refused.getMessage());
        assertTrue(refused.serverMessage().contains("the program called System.exit(42)"), refused.getMessage());
        assertTrue(cluster.jobManagerProcess().isAlive(), "the JobManager exited");

        // A user function in a TaskManager: its task fails with the exit, the TaskManager lives.
        StreamExecutionEnvironment env = cluster.environment(1);
        env.fromSequence(1, 10)
                .filter(i -> {
                    System.exit(43);
                    return true;
                })
                .addSink(v -> {});
        JobId exiting = env.executeAsync("a function exits").getJobId();
        JobExecutionResultResponse result = cluster.awaitResult(exiting, TIMEOUT);
        assertEquals("FAILED", result.result().applicationStatus());
        String cause = result.result().failureCause().stackTrace();
        assertTrue(cause.contains("the program called System.exit(43)"), cause);

        assertEquals("RUNNING", cluster.job(other.getJobId()).state(), "the other job did not live on");
        other.cancel().get(30, TimeUnit.SECONDS);
        assertTrue(cluster.jobManagerProcess().isAlive(), "the JobManager exited");
        taskManagerProcesses.forEach((id, process) -> assertTrue(process.isAlive(), "TaskManager " + id + " exited"));
        cluster.awaitIdleTaskManagers(2, TIMEOUT);
        cluster.assertSmallJobRuns(dir.resolve("after-exits"));
    }

    /** A program that ends its JVM, as some do after their job. */
    public static final class ExitingProgram {
        public static void main(String[] args) {
            System.exit(42);
        }
    }

    @Test
    void aKilledTaskManagerFailsTheJobNamingItAndTheClusterRunsTheNextJob() throws Exception {
        JobClient job = endlessKeyedJob(cluster.environment(2)).executeAsync("endless; a TaskManager is killed");
        JobId id = job.getJobId();
        cluster.awaitAllTasksRunning(id, TIMEOUT);
        Thread.sleep(300); // records flow both ways between the two processes
        TaskManagerInfo victim = taskManagers.get(1);
        TaskManagerInfo survivor = taskManagers.get(0);
        ProcessHandle victimProcess = cluster.taskManagerProcess(victim.id());
        ProcessHandle survivorProcess = cluster.taskManagerProcess(survivor.id());

        long killedAt = System.currentTimeMillis();
        assertTrue(victimProcess.destroyForcibly(), "SIGKILL to " + victimProcess.pid());
        JobExecutionResultResponse result = cluster.awaitResult(id, TIMEOUT);
        long seen = System.currentTimeMillis() - killedAt;
        JobDetailsResponse details = cluster.job(id);
        long failedAfter = details.endTime() - killedAt;
        System.out.printf(
                "kill -9 of %s: job FAILED %d ms after the kill (seen by polling after %d ms)%n",
                victim.id(), failedAfter, seen);

        assertEquals("FAILED", result.result().applicationStatus());
        assertEquals("FAILED", details.state());
        long limit = StandaloneClusterProcess.HEARTBEAT_TIMEOUT.toMillis() + 2_000;
        assertTrue(
                failedAfter <= limit,
                "FAILED " + failedAfter + " ms after the kill; heartbeat.timeout + 2 s is " + limit);
        String cause = result.result().failureCause().stackTrace();
        assertTrue(
                cause.contains(victim.id()),
                "the failure cause does not name the killed TaskManager " + victim.id() + ":\n" + cause);
        assertFalse(cause.contains(survivor.id()), "the failure cause blames the survivor:\n" + cause);

        // Nothing hangs on the survivor: the JobManager frees its slot, and its process has no task thread left.
        cluster.awaitCondition(
                "the survivor's slot free",
                Duration.ofSeconds(10),
                () -> cluster.rest().taskManagers().stream()
                        .anyMatch(t -> t.id().equals(survivor.id()) && t.freeSlots() == t.slotsNumber()),
                () -> "");
        assertNoTaskThreads(survivorProcess);
        assertTrue(survivorProcess.isAlive());

        // The JobManager replaces the lost TaskManager (two slots at least), and the next job runs to the end.
        List<TaskManagerInfo> now = cluster.awaitIdleTaskManagers(2, TIMEOUT);
        assertTrue(now.stream().anyMatch(t -> t.id().equals(survivor.id())), "survivor gone: " + now);
        assertTrue(now.stream().noneMatch(t -> t.id().equals(victim.id())), "the killed one is still listed: " + now);
        cluster.assertSmallJobRuns(dir.resolve("after-kill"));
    }

    @Test
    void aFrozenTaskManagerIsLostByTheHeartbeatTimeoutAndTheJobFailsNamingIt() throws Exception {
        JobClient job = endlessKeyedJob(cluster.environment(2)).executeAsync("endless; a TaskManager freezes");
        JobId id = job.getJobId();
        cluster.awaitAllTasksRunning(id, TIMEOUT);
        TaskManagerInfo victim = taskManagers.get(0);
        TaskManagerInfo survivor = taskManagers.get(1);
        ProcessHandle victimProcess = cluster.taskManagerProcess(victim.id());

        // SIGSTOP: the process stays, its sockets stay open, it only goes silent; the driver sees
        // no exit, so only the missing heartbeats can tell the JobManager.
        long frozenAt = System.currentTimeMillis();
        signal(victimProcess, "STOP");
        try {
            JobExecutionResultResponse result = cluster.awaitResult(id, TIMEOUT);
            long failedAfter = cluster.job(id).endTime() - frozenAt;
            System.out.printf(
                    "SIGSTOP of %s: job FAILED %d ms later (heartbeat.timeout %d ms)%n",
                    victim.id(), failedAfter, StandaloneClusterProcess.HEARTBEAT_TIMEOUT.toMillis());
            assertEquals("FAILED", result.result().applicationStatus());
            long timeout = StandaloneClusterProcess.HEARTBEAT_TIMEOUT.toMillis();
            assertTrue(
                    failedAfter >= timeout - StandaloneClusterProcess.HEARTBEAT_INTERVAL.toMillis() * 2,
                    "FAILED " + failedAfter + " ms after the freeze: before the heartbeat timeout, so not by it");
            // Within the timeout and a heartbeat tick, with room for a loaded machine (seen: 4.3 s once),
            // and well before anything else (an RPC ask timeout, 10 s) could have noticed.
            assertTrue(failedAfter <= timeout + 3_000, "FAILED " + failedAfter + " ms after the freeze");
            String cause = result.result().failureCause().stackTrace();
            assertTrue(cause.contains(victim.id()) && cause.contains("no heartbeat"), cause);
        } finally {
            signal(victimProcess, "CONT"); // it gets the SIGTERM the JobManager sent when it took it for lost
        }
        victimProcess.onExit().get(30, TimeUnit.SECONDS);
        assertNoTaskThreads(cluster.taskManagerProcess(survivor.id()));
        cluster.awaitIdleTaskManagers(2, TIMEOUT); // a replacement
        cluster.assertSmallJobRuns(dir.resolve("after-freeze"));
    }

    private static void signal(ProcessHandle process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .inheritIO()
                .start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + process.pid());
    }

    @Test
    void cancelThroughRestEndsEveryTaskWithinTwoSecondsAndFreesTheSlots() throws Exception {
        JobClient job = endlessKeyedJob(cluster.environment(2)).executeAsync("endless; cancelled");
        JobId id = job.getJobId();
        cluster.awaitAllTasksRunning(id, TIMEOUT);
        Thread.sleep(300);

        long requested = System.nanoTime();
        cluster.rest().cancel(id);
        AtomicReference<JobDetailsResponse> last = new AtomicReference<>();
        cluster.awaitCondition(
                "every task of the cancelled job ended",
                Duration.ofSeconds(10),
                () -> {
                    JobDetailsResponse d = cluster.job(id);
                    last.set(d);
                    return d.state().equals("CANCELED")
                            && d.vertices().stream()
                                    .allMatch(v -> v.tasks().keySet().stream().allMatch(TERMINAL::contains));
                },
                () -> "job: " + last.get());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - requested);
        System.out.printf("cancel through REST: every task ended %d ms after the request%n", took);
        assertTrue(took < 2_000, "tasks ended " + took + " ms after the cancel request");
        for (var v : last.get().vertices()) {
            assertEquals(Map.of("CANCELED", v.parallelism()), v.tasks(), "tasks of " + v.name());
        }
        assertEquals("CANCELED", cluster.rest().executionResult(id).result().applicationStatus());

        cluster.awaitIdleTaskManagers(2, Duration.ofSeconds(10));
        for (TaskManagerInfo tm : taskManagers) {
            assertNoTaskThreads(cluster.taskManagerProcess(tm.id()));
        }
        cluster.assertSmallJobRuns(dir.resolve("after-cancel"));
    }

    private static final Set<String> TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED");

    /** An unbounded, throttled source with a keyed exchange in both directions between the two slots. */
    private static StreamExecutionEnvironment endlessKeyedJob(StreamExecutionEnvironment env) {
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG, 2_000)
                .keyBy(i -> i % 10)
                .sum(0)
                .addSink(v -> {});
        return env;
    }

    /** No task thread is left in the process: whatever it ran has ended (polled for a few seconds). */
    private static void assertNoTaskThreads(ProcessHandle process) throws Exception {
        AtomicReference<List<String>> tasks = new AtomicReference<>();
        cluster.awaitCondition(
                "no task thread in process " + process.pid(),
                Duration.ofSeconds(5),
                () -> {
                    tasks.set(StandaloneClusterProcess.threadNames(process).stream()
                            .filter(n -> n.startsWith("Spindle task"))
                            .toList());
                    return tasks.get().isEmpty();
                },
                () -> "task threads: " + tasks.get());
    }

    private static StreamExecutionEnvironment wordCount(StreamExecutionEnvironment env, Path input, Path output) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.readTextFile(input.toString())
                .flatMap(new WordCount.Tokenizer())
                .returns(Types.tuple(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0)
                .sum(1)
                .map(t -> t.f0 + "," + t.f1)
                .returns(Types.STRING)
                .writeAsText(output.toString(), WriteMode.OVERWRITE);
        return env;
    }

    /** About {@code bytes} of skewed random words, ten a line; returns their counts. */
    private static Map<String, Long> writeWords(Path file, int bytes) throws IOException {
        Random random = new Random(20240601);
        Map<String, Long> counts = new TreeMap<>();
        StringBuilder text = new StringBuilder(bytes + 100);
        while (text.length() < bytes) {
            for (int i = 0; i < 10; i++) {
                String w = "w" + (int) (Math.pow(random.nextDouble(), 3) * 5000);
                text.append(w).append(i == 9 ? '\n' : ' ');
                counts.merge(w, 1L, Long::sum);
            }
        }
        Files.writeString(file, text);
        return counts;
    }

    /** Part file name → its lines, sorted. */
    private static Map<String, List<String>> partFiles(Path dir) throws IOException {
        Map<String, List<String>> parts = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                List<String> lines = new ArrayList<>(Files.readAllLines(p));
                lines.sort(null);
                parts.put(p.getFileName().toString(), lines);
            }
        }
        return parts;
    }

    private static Map<String, Long> counts(Map<String, List<String>> parts) {
        Map<String, Long> counts = new TreeMap<>();
        parts.values()
                .forEach(lines -> lines.forEach(l -> {
                    int comma = l.lastIndexOf(',');
                    Long previous = counts.put(l.substring(0, comma), Long.parseLong(l.substring(comma + 1)));
                    assertEquals(null, previous, "word twice in the output: " + l);
                }));
        return counts;
    }
}
