package dev.spindle.jobmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.runtime.local.LocalTaskDeployer;
import dev.spindle.types.Types;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When the dispatcher archives a job: once it ended, before its cleanup, which waits for it. */
class DispatcherArchiveTest {
    private final Dispatcher dispatcher = new Dispatcher(
            new Configuration(), new LocalTaskDeployer(), getClass().getClassLoader(), List::of);
    private final List<JobId> archived = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> archiveWritten = new CompletableFuture<>();

    @AfterEach
    void stop() {
        archiveWritten.complete(null);
        dispatcher.cancelAll();
    }

    @Test
    void theCleanupWaitsForTheArchive() throws Exception {
        dispatcher.setArchiver(jobId -> {
            archived.add(jobId);
            return archiveWritten;
        });
        JobId jobId = dispatcher.submitJob(job(1_000), List.of()).get();
        assertEquals(JobStatus.FINISHED, dispatcher.jobTermination(jobId).get());
        // the archive is not written (its future is not complete): neither wait can end
        assertFalse(dispatcher.awaitArchives(Duration.ofMillis(100)));
        assertFalse(dispatcher.awaitCleanups(Duration.ofMillis(100)));
        assertEquals(List.of(jobId), archived);
        archiveWritten.complete(null);
        assertTrue(dispatcher.awaitArchives(Duration.ofSeconds(10)));
        assertTrue(dispatcher.awaitCleanups(Duration.ofSeconds(10)));
    }

    @Test
    void aCancelledJobIsArchivedAndTheWaitCoversAJobStillEnding() throws Exception {
        dispatcher.setArchiver(jobId -> {
            archived.add(jobId);
            return CompletableFuture.completedFuture(null);
        });
        JobId jobId = dispatcher.submitJob(job(Long.MAX_VALUE), List.of()).get();
        dispatcher.cancelJob(jobId).get();
        // called right after the cancellation, as a cluster that ends with its jobs does
        assertTrue(dispatcher.awaitArchives(Duration.ofSeconds(30)));
        assertEquals(JobStatus.CANCELED, dispatcher.jobTermination(jobId).get());
        assertEquals(List.of(jobId), archived);
    }

    @Test
    void withoutAnArchiverNothingIsWaitedFor() throws Exception {
        JobId jobId = dispatcher.submitJob(job(Long.MAX_VALUE), List.of()).get();
        assertTrue(dispatcher.awaitArchives(Duration.ZERO));
        dispatcher.cancelJob(jobId).get();
    }

    private static JobGraph job(long records) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromGenerator(records, i -> i, Types.LONG, 10_000).addSink(v -> {});
        return env.getJobGraph("archived");
    }
}
