package dev.spindle.cluster.resourcemanager;

import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.ops.LogFileInfo;
import dev.spindle.ops.TaskManagerOperations;
import dev.spindle.ops.ThreadDumpEntry;
import dev.spindle.ops.UnknownTaskManagerException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * {@link TaskManagerOperations} on the TaskManagers registered with a {@link ResourceManager}: the
 * gateway is looked up on the resource manager's main thread, the call carries its fencing token.
 */
final class TaskManagerCalls implements TaskManagerOperations {
    private final Function<String, TaskExecutorGateway> registered;
    private final Executor mainThread;
    private final String fencingToken;

    /** @param registered the gateway of a registered TaskManager, or null; called on {@code mainThread} */
    TaskManagerCalls(Function<String, TaskExecutorGateway> registered, Executor mainThread, String fencingToken) {
        this.registered = registered;
        this.mainThread = mainThread;
        this.fencingToken = fencingToken;
    }

    private <T> CompletableFuture<T> call(String id, Function<TaskExecutorGateway, CompletableFuture<T>> call) {
        return CompletableFuture.supplyAsync(() -> registered.apply(id), mainThread)
                .thenCompose(gateway -> gateway == null
                        ? CompletableFuture.failedFuture(new UnknownTaskManagerException(id))
                        : call.apply(gateway));
    }

    @Override
    public CompletableFuture<List<MetricDump>> requestMetrics(String id) {
        return call(id, g -> g.requestMetrics(fencingToken));
    }

    @Override
    public CompletableFuture<List<ThreadDumpEntry>> requestThreadDump(String id) {
        return call(id, g -> g.requestThreadDump(fencingToken));
    }

    @Override
    public CompletableFuture<List<LogFileInfo>> requestLogList(String id) {
        return call(id, g -> g.requestLogList(fencingToken));
    }

    @Override
    public CompletableFuture<byte[]> requestLogFile(String id, String name, long offset, int length) {
        return call(id, g -> g.requestLogFile(fencingToken, name, offset, length));
    }
}
