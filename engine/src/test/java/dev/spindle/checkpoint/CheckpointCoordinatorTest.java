package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.core.JobId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The coordinator's decisions, with the job and the storage as recording doubles. */
class CheckpointCoordinatorTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final RecordingJob job = new RecordingJob();
    private final RecordingStorage storage = new RecordingStorage();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private CheckpointCoordinator coordinator(int numRetained) {
        return coordinator(numRetained, CheckpointIdSource.IN_MEMORY);
    }

    private CheckpointCoordinator coordinator(int numRetained, CheckpointIdSource ids) {
        return new CheckpointCoordinator(
                JobId.generate(),
                128,
                new CheckpointSettings(Duration.ofMillis(20), Duration.ofSeconds(30), Duration.ZERO, 0, numRetained),
                List.of(new int[] {1, 0}, new int[] {2, 0}),
                job,
                storage,
                timer,
                ids);
    }

    static final String OP = "0123456789abcdef0123456789abcdef";

    private static TaskSnapshot snapshot(int vertex, boolean finished) {
        return new TaskSnapshot(
                vertex, 0, 1, 128, finished, List.of(new OperatorSnapshot(OP, new byte[] {(byte) vertex}, null)));
    }

    @Test
    void aCheckpointCompletesWhenEveryTaskAcknowledgedAndOlderOnesAreDeleted() throws Exception {
        CheckpointCoordinator c = coordinator(1);
        c.start();
        long first = job.triggers.take();
        c.acknowledge(first, snapshot(1, false));
        assertTrue(storage.stored.isEmpty(), "not complete with one of two acknowledgements");
        c.acknowledge(first, snapshot(2, false));
        assertEquals(first, job.completions.take());
        assertEquals(first, c.latestCompleted().checkpointId());

        long second = job.triggers.take();
        c.acknowledge(second, snapshot(1, false));
        c.acknowledge(second, snapshot(2, false));
        assertEquals(second, job.completions.take());
        assertEquals(List.of(first, second), storage.stored);
        awaitTrue(() -> storage.discarded.contains(first));
        assertEquals(second, c.latestCompleted().checkpointId());
        c.stop();
    }

    @Test
    void idsComeFromTheSourceNeverBelowARestoredCheckpointAndASourceFailureOnlyDelays() throws Exception {
        // A source an earlier leader took ids 1..41 from; then it fails twice, as ZooKeeper might.
        AtomicInteger failuresLeft = new AtomicInteger();
        AtomicLong counter = new AtomicLong(42);
        List<Long> floors = new CopyOnWriteArrayList<>();
        CheckpointIdSource ids = atLeast -> {
            floors.add(atLeast);
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("connection loss");
            }
            return Math.max(counter.getAndIncrement(), atLeast);
        };
        CheckpointCoordinator c = coordinator(1, ids);
        c.start();
        long first = job.triggers.take();
        assertEquals(42, first, "the source's next id, not 1");
        c.acknowledge(first, snapshot(1, false));
        c.acknowledge(first, snapshot(2, false));
        assertEquals(first, job.completions.take());

        failuresLeft.set(2);
        c.restoringFrom(new CompletedCheckpoint(JobId.generate(), 100, 1, 2, true, 128, List.of(), "savepoint"));
        long afterRestore = job.triggers.take();
        assertEquals(0, failuresLeft.get(), "the failed tries only delayed the trigger");
        assertEquals(101, afterRestore, "after the restored savepoint's id, though the source was at 43");
        assertEquals(List.of(101L, 101L, 101L), floors.subList(floors.size() - 3, floors.size()), "asked thrice");
        assertEquals(0, c.stats().failed(), "a source failure is no failed checkpoint");
        c.stop();
    }

    @Test
    void aCheckpointBeingStoredWhenTheJobStopsCompletesAndIsNotDeleted() throws Exception {
        CheckpointCoordinator c = coordinator(1);
        storage.blockStores = new CountDownLatch(1);
        c.start();
        long id = job.triggers.take();
        c.acknowledge(id, snapshot(1, false));
        c.acknowledge(id, snapshot(2, false));
        awaitTrue(() -> storage.storing);
        c.stop(); // a task failed: the job restarts while the metadata is being written
        storage.blockStores.countDown();
        assertEquals(id, job.completions.poll(10, TimeUnit.SECONDS));
        // The restart runs on the same timer thread, behind the store.
        CompletedCheckpoint[] latest = new CompletedCheckpoint[1];
        timer.submit(() -> latest[0] = c.latestCompleted()).get();
        assertEquals(id, latest[0].checkpointId());
        Thread.sleep(100); // would a discard be queued?
        assertFalse(storage.discarded.contains(id), "a completed checkpoint was deleted");
    }

    @Test
    void aDeclinedCheckpointIsDeletedAndBeyondTheToleratedFailuresTheJobFails() throws Exception {
        CheckpointCoordinator c = coordinator(1);
        c.start();
        long id = job.triggers.take();
        c.acknowledge(id, snapshot(1, false));
        c.decline(id, "disk full");
        awaitTrue(() -> storage.discarded.contains(id));
        assertNull(c.latestCompleted());
        Throwable cause = job.failures.poll(10, TimeUnit.SECONDS);
        assertTrue(cause.getMessage().contains("Exceeded the tolerable number of failed checkpoints (0"), "" + cause);
        CheckpointStats.Entry entry = c.stats().history().get(0);
        assertEquals("FAILED", entry.status());
        assertEquals("declined: disk full", entry.failureMessage());
        c.stop();
    }

    @Test
    void aFinishedTaskIsPartOfLaterCheckpointsWithItsOperatorStateOnly() throws Exception {
        CheckpointCoordinator c = coordinator(2);
        c.start();
        long first = job.triggers.take();
        TaskSnapshot finished = new TaskSnapshot(
                1, 0, 1, 128, true, List.of(new OperatorSnapshot(OP, new byte[] {7}, new StateHandle("file:/x", 3))));
        c.acknowledge(first, finished);
        c.acknowledge(first, snapshot(2, false));
        job.completions.take();
        long second = job.triggers.take();
        c.acknowledge(second, snapshot(2, false)); // the finished task is not asked again
        assertEquals(second, job.completions.take());
        TaskSnapshot carried = c.latestCompleted().task(1, 0);
        assertTrue(carried.finished());
        assertEquals(7, carried.operators().get(0).operatorState()[0]);
        assertNull(carried.operators().get(0).keyedState(), "the earlier checkpoint's files are not referenced");
        c.stop();
    }

    /** Acknowledges triggered checkpoints until the trigger of a savepoint comes; returns its id. */
    private long ackCheckpointsUntilSavepoint(CheckpointCoordinator c) throws InterruptedException {
        while (true) {
            long id = job.triggers.poll(10, TimeUnit.SECONDS);
            CheckpointOptions options = job.triggerOptions.take();
            if (options.isSavepoint()) {
                return id;
            }
            c.acknowledge(id, snapshot(1, false));
            c.acknowledge(id, snapshot(2, false));
        }
    }

    @Test
    void aSavepointWaitsForThePendingCheckpointAndIsNotARetainedCheckpoint() throws Exception {
        CheckpointCoordinator c = coordinator(1);
        c.start();
        long checkpoint = job.triggers.take();
        assertEquals(CheckpointOptions.CHECKPOINT, job.triggerOptions.take());
        java.util.concurrent.CompletableFuture<String> result = c.triggerSavepoint("file:/sp", SavepointType.SAVEPOINT);
        assertNull(job.triggers.poll(100, TimeUnit.MILLISECONDS), "one checkpoint or savepoint at a time");
        c.acknowledge(checkpoint, snapshot(1, false));
        c.acknowledge(checkpoint, snapshot(2, false));
        long savepoint = ackCheckpointsUntilSavepoint(c);
        assertFalse(result.isDone());
        c.acknowledge(savepoint, snapshot(1, false));
        c.acknowledge(savepoint, snapshot(2, false));
        assertEquals("file:/sp", result.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("file:/sp " + savepoint + " true"), storage.savepoints);
        assertTrue(c.latestCompleted().checkpointId() < savepoint, "a savepoint is not a retained checkpoint");
        assertEquals(savepoint, c.stats().latestSavepoint().id());
        assertTrue(c.stats().latestSavepoint().savepoint());
        c.stop();
    }

    @Test
    void aStopEndsPeriodicCheckpointsOnceItCompletes() throws Exception {
        CheckpointCoordinator c = coordinator(1);
        c.start();
        java.util.concurrent.CompletableFuture<String> result = c.triggerSavepoint("file:/stop", SavepointType.STOP);
        long stop = ackCheckpointsUntilSavepoint(c);
        c.acknowledge(stop, snapshot(1, false));
        c.acknowledge(stop, snapshot(2, false));
        assertEquals("file:/stop", result.get(10, TimeUnit.SECONDS));
        assertEquals(stop, job.completions.poll(10, TimeUnit.SECONDS));
        assertNull(job.triggers.poll(300, TimeUnit.MILLISECONDS), "no checkpoint after the stop's savepoint");
        c.stop();
    }

    @Test
    void aFailedStopDeletesItsDirectoryReportsWhyAndFailsTheJob() throws Exception {
        CheckpointCoordinator c = coordinator(1);
        c.start();
        java.util.concurrent.CompletableFuture<String> result = c.triggerSavepoint("file:/stop", SavepointType.STOP);
        long stop = ackCheckpointsUntilSavepoint(c);
        c.acknowledge(stop, snapshot(1, false));
        c.decline(stop, "task gone");
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SavepointException, e.toString());
        assertEquals("the savepoint failed: declined: task gone", e.getCause().getMessage());
        awaitTrue(() -> storage.discardedSavepoints.contains("file:/stop"));
        Throwable cause = job.failures.poll(10, TimeUnit.SECONDS);
        assertEquals("stop with savepoint failed: declined: task gone", cause.getMessage());
        c.stop();
    }

    @Test
    void savepointsAreRefusedWhenTheJobCannotTakeThem() throws Exception {
        CheckpointCoordinator stopped = coordinator(1);
        assertRefused(stopped.triggerSavepoint("file:/a", SavepointType.SAVEPOINT), "the job is not running");

        CheckpointCoordinator c = coordinator(1);
        c.start();
        c.triggerSavepoint("file:/b", SavepointType.STOP);
        assertRefused(c.triggerSavepoint("file:/c", SavepointType.STOP), "being stopped with a savepoint already");
        c.stop();

        CheckpointCoordinator ending = coordinator(1);
        ending.start();
        ending.inputEnded(1, 0);
        assertRefused(ending.triggerSavepoint("file:/d", SavepointType.SAVEPOINT), "have ended their input");
        ending.stop();
        awaitTrue(() -> storage.discardedSavepoints.containsAll(List.of("file:/a", "file:/c", "file:/d")));
    }

    private static void assertRefused(java.util.concurrent.CompletableFuture<String> result, String why) {
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SavepointException, e.toString());
        assertTrue(e.getCause().getMessage().contains(why), e.getCause().getMessage());
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(5);
        }
    }

    /** Records what the coordinator asks of the job; every task counts as running. */
    static final class RecordingJob implements CheckpointJobActions {
        final LinkedBlockingQueue<Long> triggers = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<CheckpointOptions> triggerOptions = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Long> completions = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

        @Override
        public boolean allTasksRunning() {
            return true;
        }

        @Override
        public void triggerCheckpoint(long checkpointId, long timestamp, CheckpointOptions options) {
            triggers.add(checkpointId);
            triggerOptions.add(options);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            completions.add(checkpointId);
        }

        @Override
        public void failJob(Throwable cause) {
            failures.add(cause);
        }
    }

    /** Records stores and discards; a store may be held until the test lets it go. */
    static final class RecordingStorage implements CheckpointStorageAccess {
        final List<Long> stored = new CopyOnWriteArrayList<>();
        final List<Long> discarded = new CopyOnWriteArrayList<>();
        volatile CountDownLatch blockStores;
        volatile boolean storing;

        @Override
        public String store(CompletedCheckpoint checkpoint) throws java.io.IOException {
            storing = true;
            CountDownLatch block = blockStores;
            if (block != null) {
                try {
                    block.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
            stored.add(checkpoint.checkpointId());
            return "chk-" + checkpoint.checkpointId();
        }

        @Override
        public void discard(long checkpointId) {
            discarded.add(checkpointId);
        }

        @Override
        public void discardAll() {}

        final List<String> savepoints = new CopyOnWriteArrayList<>();
        final List<String> discardedSavepoints = new CopyOnWriteArrayList<>();

        @Override
        public String storeSavepoint(CompletedCheckpoint savepoint, String location) {
            savepoints.add(location + " " + savepoint.checkpointId() + " " + savepoint.savepoint());
            return location;
        }

        @Override
        public void discardSavepoint(String location) {
            discardedSavepoints.add(location);
        }
    }
}
