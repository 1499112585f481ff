package dev.spindle.jobmanager;

import dev.spindle.core.JobId;
import dev.spindle.graph.JobEdge;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job's plan as the REST endpoint and the web dashboard show it: its vertices with their
 * operators and inputs (how each edge ships records), the program's configuration, and the records
 * that the job's ended tasks counted per vertex (live counts come from the metric routes).
 *
 * @param jobId the job
 * @param name its name
 * @param type BATCH or STREAMING
 * @param nodes its vertices, in topological order
 * @param configuration the program's options that apply to its execution (secrets not yet hidden)
 */
public record JobPlan(JobId jobId, String name, String type, List<Node> nodes, Map<String, String> configuration) {
    public JobPlan {
        Objects.requireNonNull(jobId, "jobId");
        nodes = List.copyOf(nodes);
        configuration = Map.copyOf(configuration);
    }

    /**
     * A vertex of the plan.
     *
     * @param id the vertex id
     * @param name its name
     * @param parallelism its tasks
     * @param operators the names of its chained operators, head first
     * @param inputs the edges into it
     * @param recordsIn records its ended tasks received
     * @param recordsOut records its ended tasks emitted
     * @param recordsComplete whether every task of the vertex has ended, so that the counts are final
     */
    public record Node(
            int id,
            String name,
            int parallelism,
            List<String> operators,
            List<Input> inputs,
            long recordsIn,
            long recordsOut,
            boolean recordsComplete) {
        public Node {
            operators = List.copyOf(operators);
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * An edge into a vertex.
     *
     * @param num the input's position among the vertex's inputs
     * @param source the producing vertex
     * @param shipStrategy FORWARD, HASH, REBALANCE or BROADCAST
     */
    public record Input(int num, int source, String shipStrategy) {}

    /**
     * The plan of {@code graph}.
     *
     * @param counters the summed counters of the job's ended tasks ({@code <vertex name>.numRecordsIn}, ...)
     * @param ended per vertex id, whether all its tasks have ended
     */
    static JobPlan of(JobGraph graph, Map<String, Long> counters, Map<Integer, Boolean> ended) {
        List<Node> nodes = new ArrayList<>();
        for (JobVertex v : graph.vertices()) {
            List<Input> inputs = new ArrayList<>();
            for (JobEdge e : graph.inputsOf(v.id())) {
                inputs.add(new Input(inputs.size(), e.source(), e.partitioning().name()));
            }
            nodes.add(new Node(
                    v.id(),
                    v.name(),
                    v.parallelism(),
                    v.operators().stream().map(JobVertex.ChainedOperator::name).toList(),
                    inputs,
                    counters.getOrDefault(v.name() + ".numRecordsIn", 0L),
                    counters.getOrDefault(v.name() + ".numRecordsOut", 0L),
                    ended.getOrDefault(v.id(), false)));
        }
        return new JobPlan(graph.jobId(), graph.name(), graph.runtimeMode().name(), nodes, graph.configuration());
    }
}
