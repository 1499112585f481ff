package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.spindle.jobmanager.TaskManagerDetails;
import dev.spindle.jobmanager.TestingDispatcherGateway;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.ops.LogFileInfo;
import dev.spindle.ops.TaskManagerOperations;
import dev.spindle.ops.ThreadDumpEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How often the metric routes ask the TaskManagers, and what a silent TaskManager costs. */
class MetricFetcherTest {
    private final TestingDispatcherGateway gateway = new TestingDispatcherGateway();
    private final AtomicInteger asked = new AtomicInteger();

    /** tm-1 answers with one metric; tm-silent never answers. */
    private final TaskManagerOperations taskManagers = new TaskManagerOperations() {
        @Override
        public CompletableFuture<List<MetricDump>> requestMetrics(String id) {
            asked.incrementAndGet();
            return id.equals("tm-1")
                    ? CompletableFuture.completedFuture(
                            List.of(new MetricDump(QueryScope.taskManager("tm-1"), "Status.JVM.Threads.Count", "7")))
                    : new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<List<ThreadDumpEntry>> requestThreadDump(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<List<LogFileInfo>> requestLogList(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<byte[]> requestLogFile(String id, String name, long offset, int length) {
            throw new UnsupportedOperationException();
        }
    };

    private MetricFetcher fetcher(Duration interval, Duration timeout) {
        return new MetricFetcher(
                gateway,
                taskManagers,
                () -> List.of(new MetricDump(QueryScope.jobManager(), "numRunningJobs", "1")),
                interval,
                timeout);
    }

    @Test
    void withinTheUpdateIntervalTheTaskManagersAreAskedOnce() throws Exception {
        gateway.taskManagers = List.of(new TaskManagerDetails("tm-1", "h:1", 1, 1, 1, 0));
        MetricFetcher fetcher = fetcher(Duration.ofHours(1), Duration.ofSeconds(10));

        MetricStore first = fetcher.store().get(10, TimeUnit.SECONDS);
        MetricStore second = fetcher.store().get(10, TimeUnit.SECONDS);

        assertSame(first, second);
        assertEquals(1, asked.get());
        assertEquals(Map.of("numRunningJobs", "1"), first.jobManager());
        assertEquals(Map.of("Status.JVM.Threads.Count", "7"), first.taskManager("tm-1"));
    }

    @Test
    void withoutAnIntervalEveryRequestFetches() throws Exception {
        gateway.taskManagers = List.of(new TaskManagerDetails("tm-1", "h:1", 1, 1, 1, 0));
        MetricFetcher fetcher = fetcher(Duration.ZERO, Duration.ofSeconds(10));

        fetcher.store().get(10, TimeUnit.SECONDS);
        fetcher.store().get(10, TimeUnit.SECONDS);

        assertEquals(2, asked.get());
    }

    @Test
    void aTaskManagerThatDoesNotAnswerIsLeftOut() throws Exception {
        gateway.taskManagers = List.of(
                new TaskManagerDetails("tm-silent", "h:2", 1, 1, 1, 0),
                new TaskManagerDetails("tm-1", "h:1", 1, 1, 1, 0));
        MetricFetcher fetcher = fetcher(Duration.ZERO, Duration.ofMillis(100));

        MetricStore store = fetcher.store().get(10, TimeUnit.SECONDS);

        assertEquals(Map.of("tm-1", Map.of("Status.JVM.Threads.Count", "7")), store.taskManagers());
        assertEquals(2, asked.get());
    }
}
