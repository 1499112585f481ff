package dev.spindle.jobmanager.cleanup;

import static dev.spindle.jobmanager.cleanup.CleanupRunnerTest.awaitTrue;
import static dev.spindle.jobmanager.cleanup.CleanupRunnerTest.failing;
import static dev.spindle.jobmanager.cleanup.CleanupRunnerTest.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.ha.FileSystemJobResultStore;
import dev.spindle.ha.InMemoryJobResultStore;
import dev.spindle.ha.JobResultEntry;
import dev.spindle.util.CapturedWarnings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repeatable cleanup around the file-system job result store on the real local file system, with
 * real faults of that file system (not mocks) that are retried and then removed.
 */
class RepeatableCleanupTest {
    private static final JobResultEntry ENDED =
            new JobResultEntry(new JobId(0x5L, 0x6L), "word count", JobStatus.FINISHED, 10L, 20L, null);
    private static final JobId JOB = ENDED.jobId();

    @TempDir
    Path base;

    private final CleanupRunner runner =
            CleanupRunner.withOwnThread(new RetryStrategy.FixedDelay(Integer.MAX_VALUE, Duration.ofMillis(2)));

    @AfterEach
    void closeRunner() {
        runner.close();
    }

    private Path directory() {
        return base.resolve("job-result-store");
    }

    private FileSystemJobResultStore store(boolean deleteOnCommit) throws IOException {
        return FileSystemJobResultStore.open(directory().toUri().toString(), deleteOnCommit);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void await(CompletableFuture<Void> cleanup) throws Exception {
        cleanup.get(10, TimeUnit.SECONDS);
    }

    @Test
    void theEntryIsDirtyWhileTheStepsRunAndDeletedAfterThem() throws Exception {
        FileSystemJobResultStore store = store(true);
        RepeatableCleanup cleanup = new RepeatableCleanup(store, runner);
        AtomicBoolean dirtyDuringStep = new AtomicBoolean();
        await(cleanup.cleanUpEndedJob(
                ENDED,
                List.of(CleanupStep.of("checkpoints", () -> dirtyDuringStep.set(store.hasDirtyJobResultEntry(JOB))))));
        assertTrue(dirtyDuringStep.get());
        assertEquals(List.of(), files());
        assertEquals(JobResultState.NONE, cleanup.stateOf(JOB));
    }

    @Test
    void withoutDeleteOnCommitTheEntryEndsClean() throws Exception {
        RepeatableCleanup cleanup = new RepeatableCleanup(store(false), runner);
        await(cleanup.cleanUpEndedJob(ENDED, List.of(failing("jars", 0, new AtomicInteger()))));
        assertEquals(List.of(JOB + ".json"), files());
        assertEquals(JobResultState.CLEAN, cleanup.stateOf(JOB));
        assertFalse(cleanup.stateOf(JOB).mayRun());
    }

    @Test
    void aStepOutOfAttemptsLeavesTheEntryDirtyAndAResumeCleansIt() throws Exception {
        FileSystemJobResultStore store = store(false);
        AtomicInteger tries = new AtomicInteger();
        try (CleanupRunner threeTries =
                CleanupRunner.withOwnThread(new RetryStrategy.FixedDelay(3, Duration.ofMillis(1)))) {
            RepeatableCleanup cleanup = new RepeatableCleanup(store, threeTries);
            CleanupException e = assertInstanceOf(
                    CleanupException.class,
                    failureOf(cleanup.cleanUpEndedJob(
                            ENDED, List.of(failing("staging directory", Integer.MAX_VALUE, tries)))));
            assertEquals(3, tries.get());
            assertEquals(List.of("staging directory"), e.failedSteps());
            assertEquals(JobResultState.DIRTY, cleanup.stateOf(JOB));
            assertFalse(cleanup.isInProgress(JOB));
        }
        // a JobManager that recovers (a new store and runner) finds the dirty entry and runs only the cleanup
        FileSystemJobResultStore recovered = store(false);
        assertEquals(Set.of(ENDED), recovered.getDirtyResults());
        RepeatableCleanup again = new RepeatableCleanup(recovered, runner);
        AtomicInteger resumed = new AtomicInteger();
        await(again.resume(JOB, List.of(failing("staging directory", 1, resumed))));
        assertEquals(2, resumed.get());
        assertEquals(JobResultState.CLEAN, again.stateOf(JOB));
        assertEquals(List.of(JOB + ".json"), files());
    }

    /** A resume (the job submitted again) that joins a cleanup which then gives up gets a run of its own. */
    @Test
    void aResumeThatJoinedACleanupWhichGaveUpRunsAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        List<CleanupStep> steps = List.of(CleanupStep.of("jars", () -> {
            if (runs.incrementAndGet() == 1) {
                assertTrue(release.await(10, TimeUnit.SECONDS));
                throw new IOException("still broken");
            }
        }));
        try (CleanupRunner oneTry = CleanupRunner.withOwnThread(new RetryStrategy.NoRetry())) {
            RepeatableCleanup cleanup = new RepeatableCleanup(new InMemoryJobResultStore(), oneTry);
            CompletableFuture<Void> first = cleanup.cleanUpEndedJob(ENDED, steps);
            awaitTrue(() -> runs.get() == 1);
            CompletableFuture<Void> resumed = cleanup.resume(JOB, steps);
            release.countDown();
            assertInstanceOf(CleanupException.class, failureOf(first));
            await(resumed);
            assertEquals(2, runs.get());
            assertEquals(JobResultState.CLEAN, cleanup.stateOf(JOB));
        }
    }

    /**
     * The last steps (the job graph, which says where the checkpoints are) wait for the others: a
     * first step out of attempts leaves them untried, and a resume runs both stages.
     */
    @Test
    void theLastStepsRunOnlyOnceEveryOtherStepSucceeded() throws Exception {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger last = new AtomicInteger();
        try (CleanupRunner twoTries =
                CleanupRunner.withOwnThread(new RetryStrategy.FixedDelay(2, Duration.ofMillis(1)))) {
            RepeatableCleanup cleanup = new RepeatableCleanup(store(false), twoTries);
            CleanupException e = assertInstanceOf(
                    CleanupException.class,
                    failureOf(cleanup.cleanUpEndedJob(
                            ENDED, List.of(failing("checkpoints", 2, first)), List.of(failing("job graph", 0, last)))));
            assertEquals(List.of("checkpoints"), e.failedSteps());
            assertEquals(2, first.get());
            assertEquals(0, last.get(), "the job graph is kept while the checkpoints are not cleaned");
            assertEquals(JobResultState.DIRTY, cleanup.stateOf(JOB));
            await(cleanup.resume(
                    JOB, List.of(failing("checkpoints", 2, first)), List.of(failing("job graph", 0, last))));
            assertEquals(3, first.get());
            assertEquals(1, last.get());
            assertEquals(JobResultState.CLEAN, cleanup.stateOf(JOB));
        }
    }

    /** Root can write any directory, but not into a path whose parent is a regular file. */
    @Test
    void aStoreDirectoryBlockedByAFileIsRetriedAndTheCleanupRunsOnceTheFaultIsRemoved() throws Exception {
        Files.writeString(directory(), "a file in the way");
        AtomicInteger stepTries = new AtomicInteger();
        try (CapturedWarnings warnings = new CapturedWarnings(CleanupRunner.class)) {
            RepeatableCleanup cleanup = new RepeatableCleanup(store(true), runner);
            CompletableFuture<Void> done =
                    cleanup.cleanUpEndedJob(ENDED, List.of(failing("checkpoints", 0, stepTries)));
            awaitTrue(() -> warnings.lines().size() >= 2);
            assertEquals(0, stepTries.get(), "no step runs before the result is recorded");
            assertTrue(
                    warnings.lines()
                            .get(0)
                            .startsWith("Cleanup of job " + JOB + ": step 'record the job result' "
                                    + "failed (attempt 1 of unlimited): cannot create the job result store file:"
                                    + directory() + ": file:" + directory()
                                    + " is a file, not a directory; trying again in "
                                    + "2 ms"),
                    warnings.lines().get(0));
            assertFalse(done.isDone());
            Files.delete(directory());
            await(done);
            assertEquals(1, stepTries.get());
            assertEquals(List.of(), files());
        }
    }

    /** The fault appears during the cleanup: a directory where the clean entry goes (root cannot rename over it). */
    @Test
    void aMarkingBlockedByADirectoryIsRetriedAndTheEntryTurnsCleanOnceTheFaultIsRemoved() throws Exception {
        FileSystemJobResultStore store = store(false);
        Path blocker = directory().resolve(JOB + ".json");
        try (CapturedWarnings warnings = new CapturedWarnings(CleanupRunner.class)) {
            RepeatableCleanup cleanup = new RepeatableCleanup(store, runner);
            CompletableFuture<Void> done = cleanup.cleanUpEndedJob(
                    ENDED, List.of(CleanupStep.of("high-availability data", () -> Files.createDirectories(blocker))));
            awaitTrue(() -> warnings.lines().size() >= 2);
            assertTrue(
                    warnings.lines()
                            .get(0)
                            .startsWith("Cleanup of job " + JOB + ": step 'mark the job result clean' "
                                    + "failed (attempt 1 of unlimited): cannot mark the job result of job " + JOB),
                    warnings.lines().get(0));
            assertEquals(JobResultState.DIRTY, cleanup.stateOf(JOB));
            Files.delete(blocker);
            await(done);
            assertEquals(JobResultState.CLEAN, cleanup.stateOf(JOB));
            assertEquals(List.of(JOB + ".json"), files());
        }
    }

    /** The fault: the store's directory made unwritable mid-cleanup. Root ignores permissions. */
    @Test
    void anUnwritableStoreDirectoryIsRetriedAndTheEntryTurnsCleanOnceWritableAgain() throws Exception {
        Files.createDirectories(directory());
        Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean rootIgnoresPermissions = Files.isWritable(directory());
        Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwxr-xr-x"));
        assumeFalse(
                rootIgnoresPermissions,
                "running as root, who can write any directory: covered by the tests with a file or directory in "
                        + "the way instead");
        try (CapturedWarnings warnings = new CapturedWarnings(CleanupRunner.class)) {
            RepeatableCleanup cleanup = new RepeatableCleanup(store(true), runner);
            CompletableFuture<Void> done = cleanup.cleanUpEndedJob(
                    ENDED,
                    List.of(CleanupStep.of(
                            "checkpoints",
                            () -> Files.setPosixFilePermissions(
                                    directory(), PosixFilePermissions.fromString("r-xr-xr-x")))));
            awaitTrue(() -> warnings.lines().size() >= 2);
            assertTrue(
                    warnings.lines()
                            .get(0)
                            .contains("step 'mark the job result clean' failed (attempt 1 of "
                                    + "unlimited): cannot mark the job result of job " + JOB),
                    warnings.lines().get(0));
            assertEquals(JobResultState.DIRTY, cleanup.stateOf(JOB));
            Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwxr-xr-x"));
            await(done);
            assertEquals(JobResultState.NONE, cleanup.stateOf(JOB));
            assertEquals(List.of(), files());
        } finally {
            Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aCleanupInProgressIsNotStartedTwice() throws Exception {
        InMemoryJobResultStore store = new InMemoryJobResultStore();
        RepeatableCleanup cleanup = new RepeatableCleanup(store, runner);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        List<CleanupStep> steps = List.of(CleanupStep.of("jars", () -> {
            runs.incrementAndGet();
            assertTrue(release.await(10, TimeUnit.SECONDS));
        }));
        assertEquals(JobResultState.NONE, cleanup.stateOf(JOB));
        CompletableFuture<Void> first = cleanup.cleanUpEndedJob(ENDED, steps);
        awaitTrue(() -> runs.get() == 1);
        assertEquals(JobResultState.DIRTY, cleanup.stateOf(JOB));
        CompletableFuture<Void> joined = cleanup.resume(JOB, steps);
        assertTrue(cleanup.isInProgress(JOB));
        release.countDown();
        await(first);
        await(joined);
        assertEquals(1, runs.get(), "the resume joined the cleanup in progress, which succeeded");
        assertEquals(JobResultState.CLEAN, cleanup.stateOf(JOB));
        assertFalse(cleanup.isInProgress(JOB));
    }
}
