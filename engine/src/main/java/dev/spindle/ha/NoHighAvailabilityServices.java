package dev.spindle.ha;

import dev.spindle.core.JobId;
import dev.spindle.graph.JobGraph;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services of {@code high-availability.type: none}: today's behaviour. The JobManager leads at
 * once and alone, jobs are not stored (a JobManager that dies takes them with it), and checkpoint
 * counters and pointers live in memory.
 */
public final class NoHighAvailabilityServices implements HighAvailabilityServices {
    private final String clusterId;
    private final EmbeddedLeaderElection election = new EmbeddedLeaderElection();
    private final Map<JobId, CheckpointIdCounter> counters = new ConcurrentHashMap<>();
    private final Map<JobId, CheckpointPointerStore> pointers = new ConcurrentHashMap<>();

    public NoHighAvailabilityServices(String clusterId) {
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
    }

    @Override
    public boolean isEnabled() {
        return false;
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public LeaderElection leaderElection() {
        return election;
    }

    /** What this process's election confirmed; other processes use a {@link FixedLeaderRetrieval}. */
    @Override
    public LeaderRetrieval leaderRetrieval() {
        return election.retrieval();
    }

    @Override
    public JobGraphStore jobGraphStore() {
        return NoJobGraphStore.INSTANCE;
    }

    @Override
    public CheckpointIdCounter checkpointIdCounter(JobId jobId) {
        return counters.computeIfAbsent(jobId, id -> new InMemoryCheckpointIdCounter());
    }

    @Override
    public CheckpointPointerStore checkpointPointerStore(JobId jobId) {
        return pointers.computeIfAbsent(jobId, id -> new InMemoryCheckpointPointerStore());
    }

    @Override
    public void cleanupJobData(JobId jobId) {
        counters.remove(jobId);
        pointers.remove(jobId);
    }

    @Override
    public void closeAndCleanupAllData() {
        close();
        counters.clear();
        pointers.clear();
    }

    @Override
    public void close() {
        election.close();
    }

    /** Keeps nothing: without high availability no other JobManager could recover a job. */
    private enum NoJobGraphStore implements JobGraphStore {
        INSTANCE;

        @Override
        public void put(JobGraph graph, List<Path> userJars) {}

        @Override
        public Optional<RecoveredJob> recover(JobId jobId, Path localJarDirectory) {
            return Optional.empty();
        }

        @Override
        public Optional<JobGraph> graph(JobId jobId) {
            return Optional.empty();
        }

        @Override
        public Collection<JobId> jobIds() {
            return List.of();
        }

        @Override
        public void remove(JobId jobId) {}
    }
}
