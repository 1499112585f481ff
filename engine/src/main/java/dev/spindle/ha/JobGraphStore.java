package dev.spindle.ha;

import dev.spindle.core.JobId;
import dev.spindle.graph.JobGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The jobs a cluster runs, kept so that the next leader resumes them: the graphs and user jars in
 * the HA storage directory, a pointer per job in ZooKeeper. Safe for use by several threads.
 */
public interface JobGraphStore {

    /**
     * Stores {@code graph} and copies of {@code userJars} (replacing what was stored for the job).
     *
     * @throws LeadershipLostException if this process does not lead (fenced)
     */
    void put(JobGraph graph, List<Path> userJars) throws IOException;

    /**
     * The stored job, its jars copied into {@code localJarDirectory} (created if missing); empty if
     * the store has no such job.
     */
    Optional<RecoveredJob> recover(JobId jobId, Path localJarDirectory) throws IOException;

    /** The stored graph of {@code jobId} without its jars (what a cleanup needs); empty if the store has no such job. */
    Optional<JobGraph> graph(JobId jobId) throws IOException;

    /** The ids of the stored jobs. */
    Collection<JobId> jobIds() throws IOException;

    /**
     * Removes the job's graph, jars and pointer; removing a job that is not stored does nothing.
     *
     * @throws LeadershipLostException if this process does not lead (fenced)
     */
    void remove(JobId jobId) throws IOException;
}
