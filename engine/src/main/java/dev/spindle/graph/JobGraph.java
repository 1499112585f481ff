package dev.spindle.graph;

import dev.spindle.core.JobId;
import dev.spindle.core.RuntimeExecutionMode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a program compiles to and what a cluster runs: vertices (operator chains) and edges
 * (exchanges). Immutable and validated on construction; {@link JobGraphCodec} turns it into bytes.
 *
 * @param jobId the job's identity
 * @param name the job's name
 * @param runtimeMode BATCH or STREAMING (never AUTOMATIC: that is resolved when compiling)
 * @param maxParallelism the job's max parallelism ({@code pipeline.max-parallelism}): the number of
 *     key groups of the vertices whose operators set none of their own ({@link JobVertex#maxParallelism})
 * @param configuration options of the program that apply to its execution
 * @param vertices in topological order: every edge goes from an earlier vertex to a later one
 * @param edges the exchanges
 */
public record JobGraph(
        JobId jobId,
        String name,
        RuntimeExecutionMode runtimeMode,
        int maxParallelism,
        Map<String, String> configuration,
        List<JobVertex> vertices,
        List<JobEdge> edges) {

    public JobGraph {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runtimeMode, "runtimeMode");
        if (runtimeMode == RuntimeExecutionMode.AUTOMATIC) {
            throw new IllegalArgumentException("a job graph's runtime mode is BATCH or STREAMING");
        }
        if (maxParallelism < 1 || maxParallelism > (1 << 15)) {
            throw new IllegalArgumentException("max parallelism must be in [1, 32768], was " + maxParallelism);
        }
        configuration = Map.copyOf(configuration);
        vertices = List.copyOf(vertices);
        edges = List.copyOf(edges);
        validate(vertices, edges);
    }

    private static void validate(List<JobVertex> vertices, List<JobEdge> edges) {
        if (vertices.isEmpty()) {
            throw new IllegalArgumentException("a job graph needs at least one vertex");
        }
        Map<Integer, Integer> position = new HashMap<>();
        for (int i = 0; i < vertices.size(); i++) {
            if (position.put(vertices.get(i).id(), i) != null) {
                throw new IllegalArgumentException(
                        "duplicate vertex id " + vertices.get(i).id());
            }
        }
        Map<String, String> operatorIds = new HashMap<>();
        for (JobVertex v : vertices) {
            for (JobVertex.ChainedOperator op : v.operators()) {
                String other = operatorIds.put(op.operatorId(), op.name());
                if (other != null) {
                    throw new IllegalArgumentException("operators '" + other + "' and '" + op.name()
                            + "' have the same operator id " + op.operatorId() + "; give them different uids");
                }
            }
        }
        Set<Integer> edgeIds = new HashSet<>();
        Set<Integer> targets = new HashSet<>();
        for (JobEdge e : edges) {
            if (!edgeIds.add(e.id())) {
                throw new IllegalArgumentException("duplicate edge id " + e.id());
            }
            Integer from = position.get(e.source());
            Integer to = position.get(e.target());
            if (from == null || to == null) {
                throw new IllegalArgumentException("edge " + e.id() + " names a vertex that is not in the graph");
            }
            if (from >= to) {
                throw new IllegalArgumentException(
                        "edge " + e.id() + " goes backwards: vertices must be in topological order");
            }
            JobVertex src = vertices.get(from);
            JobVertex dst = vertices.get(to);
            if (e.partitioning() == Partitioning.Kind.FORWARD && src.parallelism() != dst.parallelism()) {
                throw new IllegalArgumentException("forward edge from '" + src.name() + "' (parallelism "
                        + src.parallelism() + ") to '" + dst.name() + "' (parallelism " + dst.parallelism()
                        + ") needs equal parallelism; use rebalance() instead");
            }
            if (e.partitioning() == Partitioning.Kind.HASH && dst.parallelism() > dst.maxParallelism()) {
                throw new IllegalArgumentException("keyed vertex '" + dst.name() + "' has parallelism "
                        + dst.parallelism() + " above its max parallelism " + dst.maxParallelism());
            }
            targets.add(e.target());
        }
        for (JobVertex v : vertices) {
            if (v.source() == targets.contains(v.id())) {
                throw new IllegalArgumentException(
                        v.source()
                                ? "source vertex '" + v.name() + "' must have no inputs"
                                : "vertex '" + v.name() + "' has no inputs and is not a source");
            }
        }
    }

    public JobVertex vertex(int id) {
        for (JobVertex v : vertices) {
            if (v.id() == id) {
                return v;
            }
        }
        throw new IllegalArgumentException("no vertex " + id);
    }

    public List<JobEdge> inputsOf(int vertexId) {
        return edges.stream().filter(e -> e.target() == vertexId).toList();
    }

    public List<JobEdge> outputsOf(int vertexId) {
        return edges.stream().filter(e -> e.source() == vertexId).toList();
    }
}
