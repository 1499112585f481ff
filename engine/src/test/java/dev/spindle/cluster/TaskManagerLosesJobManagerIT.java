package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.cluster.entrypoint.ExitCode;
import dev.spindle.rest.RestMessages.TaskManagerInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager whose JobManager is gone (kill -9) ends itself once the JobManager has been silent
 * for the heartbeat timeout, with its documented exit code {@link ExitCode#JOB_MANAGER_LOST}:
 * both one the JobManager started (now an orphan) and one started by hand.
 */
class TaskManagerLosesJobManagerIT {
    /** The heartbeat timeout, one heartbeat interval, a JVM's exit and a loaded machine. */
    private static final Duration EXIT_BOUND = StandaloneClusterProcess.HEARTBEAT_TIMEOUT.plusSeconds(10);

    @TempDir
    Path dir;

    @Test
    void taskManagersExitWithCodeThreeWithinTheHeartbeatTimeoutOfAKilledJobManager() throws Exception {
        // One TaskManager of the JobManager's own; no idle release of the other during the test.
        try (StandaloneClusterProcess cluster = StandaloneClusterProcess.start(
                dir, Map.of("slotmanager.number-of-slots.min", "1", "resourcemanager.taskmanager-timeout", "10 min"))) {
            Process byHand = cluster.startTaskManager("by-hand", 1);
            try {
                cluster.awaitCondition(
                        "two registered TaskManagers",
                        Duration.ofSeconds(60),
                        () -> cluster.rest().taskManagers().size() == 2,
                        () -> "registered: " + ids(cluster));
                String started = cluster.rest().taskManagers().stream()
                        .map(TaskManagerInfo::id)
                        .filter(id -> !id.equals("by-hand"))
                        .findFirst()
                        .orElseThrow();
                ProcessHandle orphan = cluster.taskManagerProcess(started);

                cluster.killJobManager();
                long killed = System.nanoTime();

                assertTrue(
                        byHand.waitFor(EXIT_BOUND.toMillis(), TimeUnit.MILLISECONDS),
                        "the TaskManager started by hand still runs " + EXIT_BOUND + " after the JobManager died\n"
                                + Files.readString(dir.resolve("by-hand.log")));
                long byHandMillis = (System.nanoTime() - killed) / 1_000_000;
                assertEquals(
                        ExitCode.JOB_MANAGER_LOST.code(),
                        byHand.exitValue(),
                        Files.readString(dir.resolve("by-hand.log")));
                long left = EXIT_BOUND.toNanos() - (System.nanoTime() - killed);
                orphan.onExit()
                        .completeOnTimeout(null, Math.max(1, left), TimeUnit.NANOSECONDS)
                        .get();
                assertFalse(
                        orphan.isAlive(),
                        "the JobManager's TaskManager " + started + " still runs " + EXIT_BOUND
                                + " after the JobManager died\n" + cluster.logs());
                System.out.printf(
                        "kill -9 of the JobManager: the TaskManager started by hand exited with %d after %d ms,"
                                + " the JobManager's own one was gone after %d ms (heartbeat.timeout %d ms)%n",
                        byHand.exitValue(),
                        byHandMillis,
                        (System.nanoTime() - killed) / 1_000_000,
                        StandaloneClusterProcess.HEARTBEAT_TIMEOUT.toMillis());
                assertEquals(
                        1,
                        cluster.logLines("TaskManager " + started + " lost its JobManager at ")
                                .size(),
                        cluster.logs());
                assertTrue(
                        Files.readString(dir.resolve("by-hand.log"))
                                .contains("TaskManager by-hand lost its JobManager at "),
                        cluster.logs());
            } finally {
                byHand.destroyForcibly();
            }
        }
    }

    private static Set<String> ids(StandaloneClusterProcess cluster) {
        try {
            return cluster.rest().taskManagers().stream()
                    .map(TaskManagerInfo::id)
                    .collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            return Set.of(e.toString());
        }
    }
}
