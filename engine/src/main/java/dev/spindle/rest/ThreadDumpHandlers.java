package dev.spindle.rest;

import dev.spindle.ops.TaskManagerOperations;
import dev.spindle.ops.ThreadDumps;
import dev.spindle.rest.OperationsMessages.ThreadDump;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code GET /jobmanager/thread-dump} and {@code GET /taskmanagers/{id}/thread-dump}: every thread of
 * the process with its full stack, in Flink's shape ({@code {"threadInfos": [{"threadName",
 * "stringifiedThreadInfo"}]}}). The JobManager's own dump is taken on the I/O pool (it pauses the JVM
 * briefly); a TaskManager's comes over RPC.
 */
final class ThreadDumpHandlers {
    private final TaskManagerOperations taskManagers;
    private final Executor io;

    ThreadDumpHandlers(TaskManagerOperations taskManagers, Executor io) {
        this.taskManagers = taskManagers;
        this.io = io;
    }

    CompletableFuture<RestResponse> jobManager(RestRequest request) {
        return CompletableFuture.supplyAsync(() -> RestResponse.ok(new ThreadDump(ThreadDumps.current())), io);
    }

    CompletableFuture<RestResponse> taskManager(RestRequest request) {
        String id = request.pathParameter("taskmanagerid");
        return taskManagers.requestThreadDump(id).thenApply(threads -> RestResponse.ok(new ThreadDump(threads)));
    }
}
