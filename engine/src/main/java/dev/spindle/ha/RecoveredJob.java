package dev.spindle.ha;

import dev.spindle.graph.JobGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A job as a {@link JobGraphStore} gives it back.
 *
 * @param graph the job graph as it was put
 * @param userJars local copies of the job's jars, in the order they were put
 */
public record RecoveredJob(JobGraph graph, List<Path> userJars) {
    public RecoveredJob {
        Objects.requireNonNull(graph, "graph");
        userJars = List.copyOf(userJars);
    }
}
