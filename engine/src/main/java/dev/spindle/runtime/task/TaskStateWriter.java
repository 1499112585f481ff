package dev.spindle.runtime.task;

import dev.spindle.checkpoint.CheckpointStateOutputStream;
import dev.spindle.checkpoint.CheckpointStorage;
import dev.spindle.checkpoint.OperatorSnapshot;
import dev.spindle.checkpoint.StateHandle;
import dev.spindle.checkpoint.TaskSnapshot;
import dev.spindle.config.Configuration;
import dev.spindle.state.HeapKeyedStateBackend;
import dev.spindle.state.KeyedStateBackend;
import dev.spindle.state.KeyedStateSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stores a task's part of a checkpoint and hands it to the coordinator: keyed state snapshots are
 * written into the checkpoint's (or savepoint's) directory on a thread of their own, so that the
 * task goes on processing meanwhile; then the acknowledgement carries the operator state and the
 * handles of the files. Also reads keyed state back when the task is restored. Kept apart from the
 * {@link TaskCheckpointer} so that it decides when the task takes a checkpoint and this class how
 * the state is stored.
 *
 * <p>Threading: {@link #acknowledge}, {@link #decline} and {@link #restoreKeyedState} run on the
 * task thread, writing on the writer thread; the writer and the storage are created on first use
 * under this object's lock.
 */
final class TaskStateWriter {
    private final TaskDescriptor task;
    private final CheckpointResponder responder;
    private final Configuration configuration;
    private CheckpointStorage storage;
    /** Writes keyed state snapshots while the task goes on; created on first use. */
    private ExecutorService writer;

    TaskStateWriter(TaskDescriptor task, CheckpointResponder responder, Configuration configuration) {
        this.task = task;
        this.responder = responder;
        this.configuration = configuration;
    }

    /**
     * Acknowledges checkpoint {@code checkpointId} with the operator state {@code states} and the
     * keyed state snapshots {@code keyed} (per operator, null for none). Snapshots that are not
     * empty are written first, on the writer thread, into {@code location} (a savepoint's
     * directory) or, when null, the checkpoint's; a failure to write declines the checkpoint.
     */
    void acknowledge(
            long checkpointId, String location, boolean finished, byte[][] states, KeyedStateSnapshot[] keyed) {
        if (Arrays.stream(keyed).allMatch(k -> k == null || k.isEmpty())) {
            release(keyed);
            acknowledge(checkpointId, finished, states, new StateHandle[states.length]);
            return;
        }
        // The keyed state is written on another thread: the task goes on processing meanwhile.
        writer().execute(() -> writeAndAcknowledge(checkpointId, location, finished, states, keyed));
    }

    /** The task could not take its part of checkpoint {@code checkpointId}: releases {@code keyed}, declines. */
    void decline(long checkpointId, KeyedStateSnapshot[] keyed, Exception cause) {
        release(keyed);
        responder.decline(task, checkpointId, cause);
    }

    private void writeAndAcknowledge(
            long checkpointId, String location, boolean finished, byte[][] states, KeyedStateSnapshot[] keyed) {
        StateHandle[] handles = new StateHandle[keyed.length];
        List<CheckpointStateOutputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < keyed.length; i++) {
                if (keyed[i] == null || keyed[i].isEmpty()) {
                    continue;
                }
                String name =
                        "keyed-v" + task.vertexId() + "-s" + task.subtaskIndex() + "-op" + i + "-a" + task.attempt();
                CheckpointStateOutputStream out = location == null
                        ? storage().createStateStream(checkpointId, name)
                        : storage().createStateStream(location, name);
                open.add(out);
                keyed[i].writeTo(out);
                keyed[i] = null;
                handles[i] = out.closeAndGetHandle();
            }
        } catch (Exception e) {
            release(keyed);
            open.forEach(CheckpointStateOutputStream::abandon);
            responder.decline(task, checkpointId, e);
            return;
        }
        acknowledge(checkpointId, finished, states, handles);
    }

    private void acknowledge(long checkpointId, boolean finished, byte[][] states, StateHandle[] handles) {
        List<OperatorSnapshot> snapshots = new ArrayList<>(states.length);
        for (int i = 0; i < states.length; i++) {
            snapshots.add(new OperatorSnapshot(task.operators().get(i).operatorId(), states[i], handles[i]));
        }
        responder.acknowledge(
                task,
                checkpointId,
                new TaskSnapshot(
                        task.vertexId(),
                        task.subtaskIndex(),
                        task.parallelism(),
                        task.maxParallelism(),
                        finished,
                        snapshots));
    }

    private static void release(KeyedStateSnapshot[] snapshots) {
        for (KeyedStateSnapshot s : snapshots) {
            if (s != null) {
                s.release();
            }
        }
    }

    private synchronized ExecutorService writer() {
        if (writer == null) {
            writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "Spindle state writer " + task.taskName());
                t.setDaemon(true);
                return t;
            });
        }
        return writer;
    }

    private synchronized CheckpointStorage storage() throws IOException {
        if (storage == null) {
            storage = CheckpointStorage.forJob(configuration, task.jobId());
        }
        return storage;
    }

    /**
     * The keyed state of operator {@code index} as the task's restore names it, or null when it
     * has none. Task thread, before the operator opens.
     */
    KeyedStateBackend restoreKeyedState(int index, TaskOperatorContext context, ClassLoader userClassLoader)
            throws IOException {
        TaskDescriptor.TaskRestore restore = task.restore();
        if (restore == null) {
            return null;
        }
        List<StateHandle> handles = restore.operator(index).keyedState();
        if (handles.isEmpty()) {
            return null;
        }
        List<InputStream> streams = new ArrayList<>(handles.size());
        try {
            for (StateHandle handle : handles) {
                streams.add(storage().openState(handle));
            }
            return HeapKeyedStateBackend.restore(
                    context.keyGroupRange(), task.maxParallelism(), userClassLoader, streams);
        } catch (IOException e) {
            throw new IOException(
                    "could not restore the keyed state of " + task.taskName() + " from "
                            + handles.stream().map(StateHandle::path).toList() + ": " + e.getMessage(),
                    e);
        } finally {
            for (InputStream in : streams) {
                try {
                    in.close();
                } catch (IOException e) {
                    // read to the end already; nothing is lost
                }
            }
        }
    }

    /** The task has ended: a snapshot being written for a checkpoint the task no longer cares about may stop. */
    synchronized void close(boolean finished) {
        if (writer != null) {
            if (finished) {
                writer.shutdown();
            } else {
                writer.shutdownNow();
            }
        }
    }
}
