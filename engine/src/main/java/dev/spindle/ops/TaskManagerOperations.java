package dev.spindle.ops;

import dev.spindle.metrics.dump.MetricDump;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the JobManager's REST endpoint asks of one registered TaskManager: its metrics, its threads,
 * its log files. Each call goes to the TaskManager over RPC with the fencing token of the leadership
 * the JobManager holds. Futures fail with {@link UnknownTaskManagerException} for an id that is not
 * registered, and complete on an RPC thread.
 */
public interface TaskManagerOperations {
    /** For a JobManager without registered TaskManagers (tests, in-JVM execution): every id is unknown. */
    TaskManagerOperations NONE = new TaskManagerOperations() {
        @Override
        public CompletableFuture<List<MetricDump>> requestMetrics(String taskManagerId) {
            return CompletableFuture.failedFuture(new UnknownTaskManagerException(taskManagerId));
        }

        @Override
        public CompletableFuture<List<ThreadDumpEntry>> requestThreadDump(String taskManagerId) {
            return CompletableFuture.failedFuture(new UnknownTaskManagerException(taskManagerId));
        }

        @Override
        public CompletableFuture<List<LogFileInfo>> requestLogList(String taskManagerId) {
            return CompletableFuture.failedFuture(new UnknownTaskManagerException(taskManagerId));
        }

        @Override
        public CompletableFuture<byte[]> requestLogFile(String taskManagerId, String name, long offset, int length) {
            return CompletableFuture.failedFuture(new UnknownTaskManagerException(taskManagerId));
        }
    };

    CompletableFuture<List<MetricDump>> requestMetrics(String taskManagerId);

    CompletableFuture<List<ThreadDumpEntry>> requestThreadDump(String taskManagerId);

    CompletableFuture<List<LogFileInfo>> requestLogList(String taskManagerId);

    /** Up to {@code length} bytes of the log file {@code name} from {@code offset}; fewer at its end. */
    CompletableFuture<byte[]> requestLogFile(String taskManagerId, String name, long offset, int length);
}
