package dev.spindle.checkpoint;

import java.util.concurrent.CompletableFuture;

/**
 * The savepoint requests of one {@link CheckpointCoordinator}: decides whether a savepoint may be
 * asked for now, holds the one asked for and not triggered yet (one at a time), and remembers
 * that the job is stopping with one, which ends periodic checkpoints. Kept apart from the
 * coordinator so that the rules for refusing a savepoint are in one place.
 *
 * <p>Not thread-safe: the coordinator uses it under its lock.
 */
final class SavepointQueue {
    /** A savepoint asked for: into {@code location}, of {@code type}, completing {@code result}. */
    record Request(String location, SavepointType type, CompletableFuture<String> result) {}

    /** A savepoint asked for and not triggered yet. */
    private Request queued;
    /** A savepoint that stops the job was asked for: no periodic checkpoint is triggered any more. */
    private boolean stopping;

    /**
     * Why a savepoint cannot be asked for now, or null when it can.
     *
     * @param running whether the coordinator runs (every task of the job is deployed)
     * @param inputEnded whether some task has ended its input
     */
    String refusal(boolean running, boolean inputEnded) {
        if (!running) {
            return "the job is not running (it is starting, restarting or ending); try again when it runs";
        } else if (stopping) {
            return "the job is being stopped with a savepoint already";
        } else if (queued != null) {
            return "another savepoint of the job is waiting to be taken; try again when it is done";
        } else if (inputEnded) {
            return "some of the job's tasks have ended their input (a bounded source finished), so the "
                    + "job is finishing; wait for it to end, or cancel it";
        }
        return null;
    }

    /** Queues {@code request}, which {@link #refusal} allowed; a stopping one ends periodic checkpoints. */
    void add(Request request) {
        queued = request;
        if (request.type().stops()) {
            stopping = true;
        }
    }

    /** The queued savepoint, now being triggered, or null for a periodic checkpoint. */
    Request poll() {
        Request r = queued;
        queued = null;
        return r;
    }

    /** Whether the job stops with a savepoint taken already: no more checkpoints are triggered. */
    boolean endsCheckpoints() {
        return stopping && queued == null;
    }

    /** The job's tasks run again (after a restart): periodic checkpoints go on. */
    void resume() {
        stopping = false;
    }

    /**
     * The job's tasks were stopped: the queued savepoint, if any, is not taken. Fails and returns
     * it (its directory is to be deleted); null when none was queued.
     */
    Request abandonQueued() {
        Request r = queued;
        if (r != null) {
            r.result()
                    .completeExceptionally(
                            new SavepointException("the savepoint was not taken: the job's tasks were stopped"));
            queued = null;
        }
        return r;
    }
}
