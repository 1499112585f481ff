package dev.spindle.jobmanager;

import dev.spindle.core.JobId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A jar runner that records its calls and answers with canned job ids. */
public class TestingJarRunner implements JarRunner {
    public final List<Run> runs = new CopyOnWriteArrayList<>();
    public volatile List<JobId> jobIds = List.of(JobId.generate());
    /** When set, the answer of every run instead of {@link #jobIds}. */
    public volatile CompletableFuture<List<JobId>> answer;

    /** A recorded call. */
    public record Run(Path jar, String entryClass, List<String> args, Integer parallelism) {}

    @Override
    public CompletableFuture<List<JobId>> run(Path jar, String entryClass, List<String> args, Integer parallelism) {
        runs.add(new Run(jar, entryClass, List.copyOf(args), parallelism));
        CompletableFuture<List<JobId>> given = answer;
        return given != null ? given : CompletableFuture.completedFuture(jobIds);
    }
}
