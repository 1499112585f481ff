package dev.spindle.rest;

import dev.spindle.ops.LogDirectory;
import dev.spindle.ops.LogFileInfo;
import dev.spindle.ops.TaskManagerOperations;
import dev.spindle.ops.UnknownLogFileException;
import dev.spindle.rest.OperationsMessages.LogList;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * {@code GET /jobmanager/logs[/{filename}]} and {@code GET /taskmanagers/{id}/logs[/{filename}]}:
 * the process's log files ({@link LogDirectory}) listed as {@code {"logs": [{"name", "size",
 * "mtime"}]}}, and one of them as {@code text/plain}. A file is served whole up to {@code
 * rest.log-file.max-size}; of a larger one only its last that many bytes (its newest lines). A
 * TaskManager's file comes over RPC in chunks of at most {@link LogDirectory#MAX_CHUNK_BYTES}, one
 * after the other, assembled here. A name that is not a plain file name is a 400; one that is not in
 * the list, or an unknown TaskManager, a 404. The JobManager's files are read on the I/O pool.
 */
final class LogHandlers {
    private final TaskManagerOperations taskManagers;
    private final LogDirectory jobManagerLogs;
    private final Executor io;
    private final long maxBytes;

    /** @param maxBytes the most bytes of one file served (its end) */
    LogHandlers(TaskManagerOperations taskManagers, LogDirectory jobManagerLogs, Executor io, long maxBytes) {
        this.taskManagers = taskManagers;
        this.jobManagerLogs = jobManagerLogs;
        this.io = io;
        this.maxBytes = maxBytes;
    }

    CompletableFuture<RestResponse> jobManagerLogs(RestRequest request) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return RestResponse.ok(new LogList(jobManagerLogs.list()));
                    } catch (java.io.IOException e) {
                        throw new CompletionException(e);
                    }
                },
                io);
    }

    CompletableFuture<RestResponse> jobManagerLog(RestRequest request) throws RestException {
        String name = plainName(request);
        return CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                LogFileInfo file = find(jobManagerLogs.list(), name, "the JobManager");
                                return text(
                                        file,
                                        (offset, length) -> CompletableFuture.completedFuture(
                                                jobManagerLogs.read(name, offset, length)));
                            } catch (Exception e) {
                                throw e instanceof CompletionException c ? c : new CompletionException(e);
                            }
                        },
                        io)
                .thenCompose(f -> f);
    }

    CompletableFuture<RestResponse> taskManagerLogs(RestRequest request) {
        String id = request.pathParameter("taskmanagerid");
        return taskManagers.requestLogList(id).thenApply(logs -> RestResponse.ok(new LogList(logs)));
    }

    CompletableFuture<RestResponse> taskManagerLog(RestRequest request) throws RestException {
        String id = request.pathParameter("taskmanagerid");
        String name = plainName(request);
        return taskManagers.requestLogList(id).thenCompose(logs -> {
            try {
                return text(
                        find(logs, name, "TaskManager " + id),
                        (offset, length) -> taskManagers.requestLogFile(id, name, offset, length));
            } catch (UnknownLogFileException e) {
                throw new CompletionException(e);
            }
        });
    }

    private static String plainName(RestRequest request) throws RestException {
        String name = request.pathParameter("filename");
        try {
            LogDirectory.checkPlainName(name);
        } catch (IllegalArgumentException e) {
            throw RestException.badRequest(e.getMessage());
        }
        return name;
    }

    private static LogFileInfo find(List<LogFileInfo> logs, String name, String process)
            throws UnknownLogFileException {
        return logs.stream()
                .filter(l -> l.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new UnknownLogFileException(process + " has no log file '" + name + "'; its files: "
                        + String.join(", ", logs.stream().map(LogFileInfo::name).toList())));
    }

    /** Reads one chunk of a log file. */
    @FunctionalInterface
    private interface ChunkReader {
        CompletableFuture<byte[]> read(long offset, int length) throws Exception;
    }

    /** The file's last {@code maxBytes} as listed (it may grow meanwhile: what was listed is served). */
    private CompletableFuture<RestResponse> text(LogFileInfo file, ChunkReader reader) {
        long start = Math.max(0, file.size() - maxBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (file.size() - start));
        return readFrom(reader, start, file.size(), out)
                .thenApply(v -> RestResponse.ok(new TextBody(out.toByteArray())));
    }

    private static CompletableFuture<Void> readFrom(
            ChunkReader reader, long offset, long end, ByteArrayOutputStream out) {
        if (offset >= end) {
            return CompletableFuture.completedFuture(null);
        }
        int length = (int) Math.min(LogDirectory.MAX_CHUNK_BYTES, end - offset);
        CompletableFuture<byte[]> chunk;
        try {
            chunk = reader.read(offset, length);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        return chunk.thenCompose(bytes -> {
            out.write(bytes, 0, bytes.length);
            // A file that shrank (rotated) ends early: serve what there was.
            return bytes.length == 0
                    ? CompletableFuture.completedFuture(null)
                    : readFrom(reader, offset + bytes.length, end, out);
        });
    }
}
