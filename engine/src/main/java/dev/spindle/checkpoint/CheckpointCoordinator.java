package dev.spindle.checkpoint;

import dev.spindle.core.JobId;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
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
 * <p>Its parts, each under this object's lock: {@code PendingCheckpoint} collects the checkpoint in
 * flight, {@code SavepointQueue} accepts or refuses savepoint requests, {@code
 * CheckpointTriggerSchedule} paces the triggers, {@code RetainedCheckpoints} and {@code
 * CheckpointFailureCounter} keep what completed and count what failed; {@code CheckpointCleaner}
 * deletes files, off the lock.
 *
 * <p>Threading: state changes under this object's lock; acknowledgements arrive on any thread;
 * triggers, timeouts and storage work run on the given single-threaded {@code timer}, never under
 * the lock.
 */
public final class CheckpointCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointCoordinator.class);

    private final JobId jobId;
    private final int maxParallelism;
    private final CheckpointSettings settings;
    private final List<TaskKey> tasks;
    private final CheckpointJobActions job;
    private final CheckpointStorageAccess storage;
    private final CheckpointCleaner cleaner;
    private final ScheduledExecutorService timer;
    private final CheckpointTriggerSchedule triggers;

    private final RetainedCheckpoints completed;
    private final Map<TaskKey, TaskSnapshot> finishedTasks = new HashMap<>();
    private final Set<TaskKey> inputEnded = new HashSet<>();
    private final CheckpointStatsTracker stats = new CheckpointStatsTracker();
    private final SavepointQueue savepoints = new SavepointQueue();
    private final CheckpointIdSource ids;
    /** The smallest id the next checkpoint may have: after every id taken and every restored one. */
    private long nextId = 1;

    private PendingCheckpoint pending;
    private boolean running;
    private final CheckpointFailureCounter failures;

    /** A coordinator that takes its ids from {@code ids} ({@link CheckpointIdSource#IN_MEMORY} without high availability). */
    public CheckpointCoordinator(
            JobId jobId,
            int maxParallelism,
            CheckpointSettings settings,
            List<int[]> subtasks,
            CheckpointJobActions job,
            CheckpointStorageAccess storage,
            ScheduledExecutorService timer,
            CheckpointIdSource ids) {
        this.jobId = jobId;
        this.ids = ids;
        this.maxParallelism = maxParallelism;
        this.settings = settings;
        this.tasks = subtasks.stream().map(t -> new TaskKey(t[0], t[1])).toList();
        this.job = job;
        this.storage = storage;
        this.cleaner = new CheckpointCleaner(jobId, storage);
        this.completed = new RetainedCheckpoints(settings.numRetained());
        this.failures = new CheckpointFailureCounter(settings.tolerableFailures());
        this.timer = timer;
        this.triggers =
                new CheckpointTriggerSchedule(settings.interval(), settings.minPause(), timer, this::triggerNow);
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
        savepoints.resume();
        triggers.start(soon);
    }

    /**
     * Stops triggering and gives up a pending checkpoint: the job's tasks are being cancelled (for
     * a restart or for good). Completed checkpoints stay.
     */
    public void stop() {
        Long abandoned = null;
        synchronized (this) {
            running = false;
            triggers.cancel();
            if (pending != null && pending.isStoring()) {
                // Complete already: completeIfDone, running on the timer now, makes it a completed
                // checkpoint, which a restart (queued behind it on the same thread) restores from.
                pending.cancelTimeout();
                pending = null;
            } else if (pending != null) {
                abandoned = pending.id();
                fail(pending, "the job's tasks were stopped");
            }
            finishedTasks.clear();
            inputEnded.clear();
            SavepointQueue.Request notTaken = savepoints.abandonQueued();
            if (notTaken != null) {
                timer.execute(() -> cleaner.discardSavepoint(notTaken.location()));
            }
        }
        if (abandoned != null) {
            long id = abandoned;
            timer.execute(() -> cleaner.discard(id));
        }
    }

    /** The newest completed checkpoint, to restore from; null when there is none. */
    public synchronized CompletedCheckpoint latestCompleted() {
        return completed.latest();
    }

    /** Records that the job restarts from {@code checkpoint}. */
    public synchronized void restoringFrom(CompletedCheckpoint checkpoint) {
        // Ids go on from the restored one (a savepoint of another job may have any id): tasks
        // restored from it ignore checkpoints with smaller ids.
        nextId = Math.max(nextId, checkpoint.checkpointId() + 1);
        stats.restored(CheckpointStatsTracker.completedEntry(checkpoint, tasks.size()));
    }

    // ---- triggering ----

    private void triggerNow() {
        long now;
        CheckpointOptions options;
        boolean ready = job.allTasksRunning(); // not under this lock: the job master takes its own
        synchronized (this) {
            triggers.fired();
            if (!mayTrigger()) {
                return;
            }
            if (!ready) {
                // Not a failed checkpoint: the tasks are still starting. Try again shortly.
                triggers.retrySoon();
                return;
            }
        }
        // Not under this lock: with high availability the id comes from ZooKeeper, and the tasks'
        // acknowledgements must not wait for it.
        long id;
        try {
            id = takeId();
        } catch (IOException e) {
            LOG.warn("Cannot take a checkpoint id for job {}, trying again shortly: {}", jobId, e.getMessage());
            synchronized (this) {
                if (running) {
                    triggers.retrySoon();
                }
            }
            return;
        }
        synchronized (this) {
            if (!mayTrigger()) {
                return; // stopped, or a savepoint came, meanwhile: the id is skipped, ids stay increasing
            }
            now = System.currentTimeMillis();
            pending = new PendingCheckpoint(id, now, savepoints.poll(), tasks, finishedTasks);
            options = pending.options();
            triggers.triggered(now);
            stats.triggered();
            long timeoutMillis = settings.timeout().toMillis();
            pending.setTimeout(timer.schedule(() -> timeOut(id), timeoutMillis, TimeUnit.MILLISECONDS));
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

    /** Whether a checkpoint may start now; schedules the next try where one will be due. */
    private boolean mayTrigger() {
        if (!running) {
            return false;
        }
        if (pending != null) {
            triggers.asap(true); // the pending one's end schedules the next
            return false;
        }
        // false when the job stops with a savepoint taken already: no more checkpoints
        return !savepoints.endsCheckpoints();
    }

    /** The next id from the source, never below {@link #nextId}; not under this lock. */
    private long takeId() throws IOException {
        long floor;
        synchronized (this) {
            floor = nextId;
        }
        long id = ids.next(floor);
        synchronized (this) {
            nextId = Math.max(nextId, id + 1);
        }
        return id;
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
            String refusal = savepoints.refusal(running, !inputEnded.isEmpty());
            if (refusal != null) {
                result.completeExceptionally(
                        new SavepointException("cannot take a savepoint of job " + jobId + ": " + refusal));
                timer.execute(() -> cleaner.discardSavepoint(location));
                return result;
            }
            savepoints.add(new SavepointQueue.Request(location, type, result));
            triggers.asap(pending != null);
        }
        return result;
    }

    /** A subtask's input ended; when every subtask's has, its final checkpoint is triggered at once. */
    public void inputEnded(int vertexId, int subtaskIndex) {
        synchronized (this) {
            if (!inputEnded.add(new TaskKey(vertexId, subtaskIndex))) {
                return;
            }
            if (running && inputEnded.size() >= tasks.size()) {
                triggers.asap(pending != null);
            }
        }
    }

    private void timeOut(long id) {
        synchronized (this) {
            if (pending == null || pending.id() != id) {
                return;
            }
            fail(pending, "timed out after " + settings.timeout().toMillis() + " ms");
        }
        cleaner.discard(id);
        checkFailureThreshold();
    }

    // ---- acknowledgements ----

    /** A subtask's part of checkpoint {@code id}; late or unknown ones have their files deleted. */
    public void acknowledge(long id, TaskSnapshot snapshot) {
        TaskKey key = new TaskKey(snapshot.vertexId(), snapshot.subtaskIndex());
        boolean complete;
        synchronized (this) {
            if (pending == null || pending.id() != id || !tasks.contains(key)) {
                LOG.debug("Ignoring a late acknowledgement of checkpoint {} from {}", id, key);
                timer.execute(() -> discardIfNotRetained(id));
                return;
            }
            pending.acknowledge(key, snapshot);
            if (snapshot.finished()) {
                finishedTasks.put(key, PendingCheckpoint.asFinished(snapshot));
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
            if (pending == null || pending.id() != id) {
                return;
            }
            fail(pending, "declined: " + reason);
        }
        timer.execute(() -> cleaner.discard(id));
        checkFailureThreshold();
    }

    /** Stores a complete checkpoint and tells the tasks; on the timer thread. */
    private void completeIfDone(long id) {
        CompletedCheckpoint checkpoint;
        PendingCheckpoint savepoint;
        synchronized (this) {
            if (pending == null || pending.id() != id || !pending.isComplete()) {
                return;
            }
            savepoint = pending.isSavepoint() ? pending : null;
            checkpoint = pending.toCompleted(jobId, maxParallelism, System.currentTimeMillis());
            pending.markStoring();
        }
        String pointer;
        try {
            pointer = savepoint != null
                    ? storage.storeSavepoint(checkpoint, savepoint.options().location())
                    : storage.store(checkpoint);
        } catch (Exception e) {
            LOG.warn("Checkpoint {} of job {} could not be stored: {}", id, jobId, e.toString());
            synchronized (this) {
                if (pending != null && pending.id() == id) {
                    fail(pending, "could not be stored: " + e.getMessage());
                }
            }
            cleaner.discard(id);
            checkFailureThreshold();
            return;
        }
        completed(checkpoint.withExternalPointer(pointer), savepoint);
    }

    /**
     * Records a stored checkpoint, tells the tasks (and a savepoint's requester) and deletes the
     * checkpoints it subsumes; on the timer thread.
     *
     * @param savepoint the pending savepoint it completes, or null for a checkpoint
     */
    private void completed(CompletedCheckpoint stored, PendingCheckpoint savepoint) {
        long id = stored.checkpointId();
        String pointer = stored.externalPointer();
        List<CompletedCheckpoint> subsumed = List.of();
        synchronized (this) {
            if (pending == null || pending.id() != id) {
                // Stopped while storing: the job restarts or ends. The stored checkpoint is complete
                // and consistent, so it stays usable.
                LOG.debug("Checkpoint {} stored after its job stopped", id);
            } else {
                pending.cancelTimeout();
                pending = null;
            }
            if (savepoint == null) {
                subsumed = completed.add(stored);
            }
            failures.completed();
            stats.completed(CheckpointStatsTracker.completedEntry(stored, tasks.size()));
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
            savepoint.savepointStored(pointer);
        }
        for (CompletedCheckpoint old : subsumed) {
            cleaner.discard(old.checkpointId());
        }
    }

    // ---- failures ----

    /** Gives up the pending checkpoint; under the lock. */
    private void fail(PendingCheckpoint p, String why) {
        p.cancelTimeout();
        LOG.info("{} {} of job {} failed: {}", p.isSavepoint() ? "Savepoint" : "Checkpoint", p.id(), jobId, why);
        pending = null;
        if (p.isSavepoint()) {
            p.savepointFailed(why);
            String location = p.options().location();
            timer.execute(() -> cleaner.discardSavepoint(location));
            if (p.options().savepointType().stops() && running) {
                // The sources may have stopped: the job cannot go on as it is; its restart strategy decides.
                Throwable cause = new IllegalStateException("stop with savepoint failed: " + why);
                timer.execute(() -> job.failJob(cause));
            }
        } else {
            failures.failed();
        }
        stats.failed(p.failedEntry(System.currentTimeMillis(), why));
        scheduleNextAfterEnd();
    }

    private void checkFailureThreshold() {
        Throwable cause;
        synchronized (this) {
            if (!running) {
                return;
            }
            cause = failures.exceeded();
        }
        if (cause != null) {
            job.failJob(cause);
        }
    }

    /** Schedules the next trigger after a checkpoint ended; under the lock. */
    private void scheduleNextAfterEnd() {
        if (running) {
            triggers.afterEnd();
        }
    }

    // ---- ending ----

    /** The job has ended: keeps or deletes its checkpoints; {@code keep} false deletes them all. */
    public void shutdown(boolean keep) {
        stop();
        if (!keep) {
            synchronized (this) {
                stats.discardedAll();
            }
            timer.execute(cleaner::discardAll);
        }
    }

    /** What the coordinator has done so far, for clients: an immutable snapshot. */
    public synchronized CheckpointStats stats() {
        return stats.snapshot(pending == null ? null : pending.inProgressEntry(), completed.all());
    }

    private void discardIfNotRetained(long id) {
        synchronized (this) {
            if (completed.contains(id) || (pending != null && pending.id() == id)) {
                return;
            }
        }
        cleaner.discard(id);
    }
}
