package dev.spindle.checkpoint;

import dev.spindle.core.JobId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a job's checkpoints: triggers one every interval at the job's tasks (one in flight at a
 * time, a least pause between them), collects every subtask's acknowledgement with its state,
 * and completes the checkpoint by storing its metadata atomically, before it tells the tasks.
 * A checkpoint that a task declines or that times out is given up and its files deleted; more
 * consecutive failures than tolerated fail the job. The newest {@code numRetained} completed
 * checkpoints are kept, older ones deleted.
 *
 * <p>A subtask that has finished (after its final checkpoint) is part of later checkpoints with
 * the operator state of its last acknowledgement, marked finished.
 *
 * <p>Savepoints ({@link #triggerSavepoint}) go through the same steps, one at a time with the
 * checkpoints, into a directory of their own; they are not retained checkpoints (the user owns
 * them). A savepoint that stops the job ends periodic checkpoints; if it fails, the job fails (its
 * sources may have stopped already) and its restart strategy takes over.
 *
 * <p>Threading: state changes under this object's lock; acknowledgements arrive on any thread;
 * triggers, timeouts and storage work run on the given single-threaded {@code timer}, never under
 * the lock.
 */
public final class CheckpointCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);

    /** What the coordinator asks of the job. */
    public interface JobActions {
        /**
         * Whether every task of the current attempt is running (or has finished): a trigger sent
         * earlier could miss a task that is still being deployed, and its checkpoint would only end
         * by timing out.
         */
        boolean allTasksRunning();

        /** Sends a trigger to every task of the job's current attempt. */
        void triggerCheckpoint(long checkpointId, long timestamp, CheckpointOptions options);

        /** Tells every task of the current attempt that a checkpoint completed. */
        void notifyCheckpointComplete(long checkpointId);

        /** Too many checkpoints failed in a row: the job fails with {@code cause}. */
        void failJob(Throwable cause);
    }

    /** How checkpoints are paced and kept. */
    public record Settings(
            Duration interval, Duration timeout, Duration minPause, int tolerableFailures, int numRetained) {}

    /** A subtask: vertex and index. */
    private record TaskKey(int vertexId, int subtaskIndex) {}

    private final JobId jobId;
    private final int maxParallelism;
    private final Settings settings;
    private final List<TaskKey> tasks;
    private final JobActions job;
    private final CheckpointStorageAccess storage;
    private final ScheduledExecutorService timer;

    private final Deque<CompletedCheckpoint> completed = new ArrayDeque<>();
    private final Map<TaskKey, TaskSnapshot> finishedTasks = new HashMap<>();
    private final CheckpointStatsTracker stats = new CheckpointStatsTracker();
    private long nextId = 1;
    private Pending pending;
    private boolean running;
    private boolean triggerWhenIdle;
    private int consecutiveFailures;
    private long lastTriggerMillis;
    private ScheduledFuture<?> nextTrigger;
    private int inputEndedTasks;
    private final java.util.Set<TaskKey> inputEnded = new java.util.HashSet<>();
    /** A savepoint asked for and not triggered yet (one at a time). */
    private SavepointRequest queuedSavepoint;
    /** A savepoint that stops the job was asked for: no periodic checkpoint is triggered any more. */
    private boolean stopping;

    private record SavepointRequest(String location, SavepointType type, CompletableFuture<String> result) {}

    /** A triggered checkpoint waiting for acknowledgements. */
    private final class Pending {
        final long id;
        final long timestamp;
        final CheckpointOptions options;
        /** For a savepoint: completes with its directory. */
        final CompletableFuture<String> savepointResult;

        final Map<TaskKey, TaskSnapshot> acks = new HashMap<>();
        ScheduledFuture<?> timeout;
        /** Every task acknowledged and its metadata is being written: it completes whatever happens now. */
        boolean storing;

        Pending(long id, long timestamp, SavepointRequest savepoint) {
            this.id = id;
            this.timestamp = timestamp;
            this.options = savepoint == null
                    ? CheckpointOptions.CHECKPOINT
                    : new CheckpointOptions(savepoint.type(), savepoint.location());
            this.savepointResult = savepoint == null ? null : savepoint.result();
            acks.putAll(finishedTasks);
        }

        boolean isComplete() {
            return acks.size() == tasks.size();
        }
    }

    public CheckpointCoordinator(
            JobId jobId,
            int maxParallelism,
            Settings settings,
            List<int[]> subtasks,
            JobActions job,
            CheckpointStorageAccess storage,
            ScheduledExecutorService timer) {
        this.jobId = jobId;
        this.maxParallelism = maxParallelism;
        this.settings = settings;
        this.tasks = subtasks.stream().map(t -> new TaskKey(t[0], t[1])).toList();
        this.job = job;
        this.storage = storage;
        this.timer = timer;
    }

    /** Starts periodic checkpoints; the first after one interval. */
    public synchronized void start() {
        start(false);
    }

    /**
     * Starts, or after a restart resumes, periodic checkpoints: the first after one interval, or
     * with {@code soon} as soon as every task runs.
     */
    public synchronized void start(boolean soon) {
        running = true;
        stopping = false;
        scheduleTrigger(soon ? 0 : settings.interval().toMillis());
    }

    /**
     * Stops triggering and gives up a pending checkpoint: the job's tasks are being cancelled (for
     * a restart or for good). Completed checkpoints stay.
     */
    public void stop() {
        Long abandoned = null;
        synchronized (this) {
            running = false;
            triggerWhenIdle = false;
            if (nextTrigger != null) {
                nextTrigger.cancel(false);
                nextTrigger = null;
            }
            if (pending != null && pending.storing) {
                // Complete already: completeIfDone, running on the timer now, makes it a completed
                // checkpoint, which a restart (queued behind it on the same thread) restores from.
                pending.timeout.cancel(false);
                pending = null;
            } else if (pending != null) {
                abandoned = pending.id;
                fail(pending, "the job's tasks were stopped");
            }
            finishedTasks.clear();
            inputEnded.clear();
            inputEndedTasks = 0;
            if (queuedSavepoint != null) {
                queuedSavepoint
                        .result()
                        .completeExceptionally(
                                new SavepointException("the savepoint was not taken: the job's tasks were stopped"));
                timer.execute(discardSavepointQuietly(queuedSavepoint.location()));
                queuedSavepoint = null;
            }
        }
        if (abandoned != null) {
            long id = abandoned;
            timer.execute(() -> discardQuietly(id));
        }
    }

    /** The newest completed checkpoint, to restore from; null when there is none. */
    public synchronized CompletedCheckpoint latestCompleted() {
        return completed.peekLast();
    }

    /** Records that the job restarts from {@code checkpoint}. */
    public synchronized void restoringFrom(CompletedCheckpoint checkpoint) {
        // Ids go on from the restored one (a savepoint of another job may have any id): tasks
        // restored from it ignore checkpoints with smaller ids.
        nextId = Math.max(nextId, checkpoint.checkpointId() + 1);
        stats.restored(entry(
                checkpoint.checkpointId(),
                "COMPLETED",
                checkpoint.triggerTimestamp(),
                checkpoint.completionTimestamp(),
                checkpoint,
                null,
                tasks.size()));
    }

    // ---- triggering ----

    private void scheduleTrigger(long delayMillis) {
        if (nextTrigger != null) {
            nextTrigger.cancel(false);
        }
        nextTrigger = timer.schedule(this::triggerNow, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    private void triggerNow() {
        long id;
        long now;
        CheckpointOptions options;
        boolean ready = job.allTasksRunning(); // not under this lock: the job master takes its own
        synchronized (this) {
            nextTrigger = null;
            if (!running) {
                return;
            }
            if (pending != null) {
                triggerWhenIdle = true; // the pending one's end schedules the next
                return;
            }
            if (stopping && queuedSavepoint == null) {
                return; // the job stops with a savepoint taken already: no more checkpoints
            }
            if (!ready) {
                // Not a failed checkpoint: the tasks are still starting. Try again shortly.
                scheduleTrigger(Math.min(settings.interval().toMillis(), 50));
                return;
            }
            now = System.currentTimeMillis();
            id = nextId++;
            pending = new Pending(id, now, queuedSavepoint);
            queuedSavepoint = null;
            options = pending.options;
            lastTriggerMillis = now;
            stats.triggered();
            long timeoutMillis = settings.timeout().toMillis();
            pending.timeout = timer.schedule(() -> timeOut(id), timeoutMillis, TimeUnit.MILLISECONDS);
            if (pending.isComplete()) {
                // Every task has finished: nothing to trigger, the checkpoint is complete as it is.
                timer.execute(() -> completeIfDone(id));
                return;
            }
        }
        if (options.isSavepoint()) {
            LOG.info(
                    "Triggering savepoint {} ({}) of job {} into {}",
                    id,
                    options.savepointType(),
                    jobId,
                    options.location());
        } else {
            LOG.debug("Triggering checkpoint {} of job {}", id, jobId);
        }
        job.triggerCheckpoint(id, now, options);
    }

    /**
     * Takes a savepoint into {@code location} (a new, empty directory), after the checkpoint in
     * flight if there is one; with a stopping {@code type} the job stops with it. The result
     * completes with {@code location} once the savepoint is stored, or fails with a {@link
     * SavepointException} that says why.
     */
    public CompletableFuture<String> triggerSavepoint(String location, SavepointType type) {
        CompletableFuture<String> result = new CompletableFuture<>();
        synchronized (this) {
            String refusal = null;
            if (!running) {
                refusal = "the job is not running (it is starting, restarting or ending); try again when it runs";
            } else if (stopping) {
                refusal = "the job is being stopped with a savepoint already";
            } else if (queuedSavepoint != null) {
                refusal = "another savepoint of the job is waiting to be taken; try again when it is done";
            } else if (!inputEnded.isEmpty()) {
                refusal = "some of the job's tasks have ended their input (a bounded source finished), so the "
                        + "job is finishing; wait for it to end, or cancel it";
            }
            if (refusal != null) {
                result.completeExceptionally(
                        new SavepointException("cannot take a savepoint of job " + jobId + ": " + refusal));
                timer.execute(discardSavepointQuietly(location));
                return result;
            }
            queuedSavepoint = new SavepointRequest(location, type, result);
            if (type.stops()) {
                stopping = true;
            }
            if (pending != null) {
                triggerWhenIdle = true;
            } else {
                scheduleTrigger(0);
            }
        }
        return result;
    }

    /** A subtask's input ended; when every subtask's has, its final checkpoint is triggered at once. */
    public void inputEnded(int vertexId, int subtaskIndex) {
        synchronized (this) {
            if (!inputEnded.add(new TaskKey(vertexId, subtaskIndex))) {
                return;
            }
            inputEndedTasks++;
            if (!running || inputEndedTasks < tasks.size()) {
                return;
            }
            if (pending != null) {
                triggerWhenIdle = true;
                return;
            }
            scheduleTrigger(0);
        }
    }

    private void timeOut(long id) {
        synchronized (this) {
            if (pending == null || pending.id != id) {
                return;
            }
            fail(pending, "timed out after " + settings.timeout().toMillis() + " ms");
        }
        discardQuietly(id);
        checkFailureThreshold();
    }

    // ---- acknowledgements ----

    /** A subtask's part of checkpoint {@code id}; late or unknown ones have their files deleted. */
    public void acknowledge(long id, TaskSnapshot snapshot) {
        TaskKey key = new TaskKey(snapshot.vertexId(), snapshot.subtaskIndex());
        boolean complete;
        synchronized (this) {
            if (pending == null || pending.id != id || !tasks.contains(key)) {
                LOG.debug("Ignoring a late acknowledgement of checkpoint {} from {}", id, key);
                timer.execute(() -> discardIfNotRetained(id));
                return;
            }
            pending.acks.put(key, snapshot);
            if (snapshot.finished()) {
                finishedTasks.put(key, withoutStateFiles(snapshot));
            }
            complete = pending.isComplete();
        }
        if (complete) {
            timer.execute(() -> completeIfDone(id));
        }
    }

    /** A subtask could not take its part of checkpoint {@code id}. */
    public void decline(long id, String reason) {
        synchronized (this) {
            if (pending == null || pending.id != id) {
                return;
            }
            fail(pending, "declined: " + reason);
        }
        timer.execute(() -> discardQuietly(id));
        checkFailureThreshold();
    }

    /** Stores a complete checkpoint and tells the tasks; on the timer thread. */
    private void completeIfDone(long id) {
        CompletedCheckpoint checkpoint;
        Pending savepoint;
        synchronized (this) {
            if (pending == null || pending.id != id || !pending.isComplete()) {
                return;
            }
            List<TaskSnapshot> snapshots = new ArrayList<>();
            for (TaskKey t : tasks) {
                snapshots.add(pending.acks.get(t));
            }
            savepoint = pending.options.isSavepoint() ? pending : null;
            checkpoint = new CompletedCheckpoint(
                    jobId,
                    id,
                    pending.timestamp,
                    System.currentTimeMillis(),
                    savepoint != null,
                    maxParallelism,
                    snapshots,
                    null);
            pending.storing = true;
        }
        String pointer;
        try {
            pointer = savepoint != null
                    ? storage.storeSavepoint(checkpoint, savepoint.options.location())
                    : storage.store(checkpoint);
        } catch (Exception e) {
            LOG.warn("Checkpoint {} of job {} could not be stored: {}", id, jobId, e.toString());
            synchronized (this) {
                if (pending != null && pending.id == id) {
                    fail(pending, "could not be stored: " + e.getMessage());
                }
            }
            discardQuietly(id);
            checkFailureThreshold();
            return;
        }
        CompletedCheckpoint stored = checkpoint.withExternalPointer(pointer);
        List<CompletedCheckpoint> subsumed = new ArrayList<>();
        synchronized (this) {
            if (pending == null || pending.id != id) {
                // Stopped while storing: the job restarts or ends. The stored checkpoint is complete
                // and consistent, so it stays usable.
                LOG.debug("Checkpoint {} stored after its job stopped", id);
            } else {
                pending.timeout.cancel(false);
                pending = null;
            }
            if (savepoint == null) {
                completed.addLast(stored);
                while (completed.size() > settings.numRetained()) {
                    subsumed.add(completed.removeFirst());
                }
            }
            consecutiveFailures = 0;
            stats.completed(entry(
                    id,
                    "COMPLETED",
                    stored.triggerTimestamp(),
                    stored.completionTimestamp(),
                    stored,
                    null,
                    tasks.size()));
            scheduleNextAfterEnd();
        }
        LOG.info(
                "Completed {} {} of job {} in {} ms{}",
                savepoint != null ? "savepoint" : "checkpoint",
                id,
                jobId,
                stored.completionTimestamp() - stored.triggerTimestamp(),
                savepoint != null ? " at " + pointer : "");
        job.notifyCheckpointComplete(id);
        if (savepoint != null) {
            savepoint.savepointResult.complete(pointer);
        }
        for (CompletedCheckpoint old : subsumed) {
            discardQuietly(old.checkpointId());
        }
    }

    // ---- failures ----

    /** Gives up the pending checkpoint; under the lock. */
    private void fail(Pending p, String why) {
        if (p.timeout != null) {
            p.timeout.cancel(false);
        }
        LOG.info("{} {} of job {} failed: {}", p.options.isSavepoint() ? "Savepoint" : "Checkpoint", p.id, jobId, why);
        pending = null;
        if (p.options.isSavepoint()) {
            p.savepointResult.completeExceptionally(new SavepointException("the savepoint failed: " + why));
            timer.execute(discardSavepointQuietly(p.options.location()));
            if (p.options.savepointType().stops() && running) {
                // The sources may have stopped: the job cannot go on as it is; its restart strategy decides.
                Throwable cause = new IllegalStateException("stop with savepoint failed: " + why);
                timer.execute(() -> job.failJob(cause));
            }
        } else {
            consecutiveFailures++;
        }
        stats.failed(new CheckpointStats.Entry(
                p.id,
                "FAILED",
                p.timestamp,
                System.currentTimeMillis(),
                0,
                null,
                why,
                p.acks.size(),
                tasks.size(),
                p.options.isSavepoint()));
        scheduleNextAfterEnd();
    }

    private void checkFailureThreshold() {
        int failures;
        synchronized (this) {
            failures = consecutiveFailures;
            if (!running || failures <= settings.tolerableFailures()) {
                return;
            }
            consecutiveFailures = 0;
        }
        job.failJob(new IllegalStateException("Exceeded the tolerable number of failed checkpoints ("
                + settings.tolerableFailures() + "; execution.checkpointing.tolerable-failed-checkpoints): "
                + failures + " failed in a row"));
    }

    /** Schedules the next trigger after a checkpoint ended; under the lock. */
    private void scheduleNextAfterEnd() {
        if (!running) {
            return;
        }
        long now = System.currentTimeMillis();
        long byInterval = lastTriggerMillis + settings.interval().toMillis() - now;
        long delay =
                triggerWhenIdle ? 0 : Math.max(byInterval, settings.minPause().toMillis());
        triggerWhenIdle = false;
        scheduleTrigger(delay);
    }

    // ---- ending ----

    /** The job has ended: keeps or deletes its checkpoints; {@code keep} false deletes them all. */
    public void shutdown(boolean keep) {
        stop();
        if (!keep) {
            synchronized (this) {
                stats.discardedAll();
            }
            timer.execute(() -> {
                try {
                    storage.discardAll();
                } catch (Exception e) {
                    LOG.warn("Could not delete the checkpoints of job {}: {}", jobId, e.toString());
                }
            });
        }
    }

    /** What the coordinator has done so far, for clients: an immutable snapshot. */
    public synchronized CheckpointStats stats() {
        CheckpointStats.Entry inProgress = pending == null
                ? null
                : new CheckpointStats.Entry(
                        pending.id,
                        "IN_PROGRESS",
                        pending.timestamp,
                        0,
                        0,
                        null,
                        null,
                        pending.acks.size(),
                        tasks.size(),
                        pending.options.isSavepoint());
        return stats.snapshot(inProgress, completed);
    }

    private static CheckpointStats.Entry entry(
            long id, String status, long start, long end, CompletedCheckpoint c, String failure, int total) {
        long size = c.tasks().stream()
                .flatMap(t -> t.stateFiles().stream())
                .mapToLong(StateHandle::size)
                .sum();
        return new CheckpointStats.Entry(
                id, status, start, end, size, c.externalPointer(), failure, total, total, c.savepoint());
    }

    private static TaskSnapshot withoutStateFiles(TaskSnapshot s) {
        return new TaskSnapshot(
                s.vertexId(),
                s.subtaskIndex(),
                s.parallelism(),
                true,
                s.operators().stream()
                        .map(o -> new OperatorSnapshot(o.operatorId(), o.operatorState(), null))
                        .toList());
    }

    private void discardIfNotRetained(long id) {
        synchronized (this) {
            for (CompletedCheckpoint c : completed) {
                if (c.checkpointId() == id) {
                    return;
                }
            }
            if (pending != null && pending.id == id) {
                return;
            }
        }
        discardQuietly(id);
    }

    private Runnable discardSavepointQuietly(String location) {
        return () -> {
            try {
                storage.discardSavepoint(location);
            } catch (Exception e) {
                LOG.warn("Could not delete the failed savepoint {} of job {}: {}", location, jobId, e.toString());
            }
        };
    }

    private void discardQuietly(long id) {
        try {
            storage.discard(id);
        } catch (Exception e) {
            LOG.warn("Could not delete checkpoint {} of job {}: {}", id, jobId, e.toString());
        }
    }
}
