package dev.spindle.jobmanager;

import dev.spindle.config.Configuration;
import dev.spindle.graph.JobGraph;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's settings that its jobs take where they set none: checkpoints, savepoints, restarts
 * ({@code state.*}, {@code execution.checkpointing.*}, {@code restart-strategy.*}). So a checkpoint or
 * savepoint directory set once for a cluster ({@code -D state.savepoints.dir=...} at its start, or its
 * configuration file) applies to its jobs, which still win where they set one.
 */
final class ClusterJobDefaults {
    private final Map<String, String> defaults;

    ClusterJobDefaults(Configuration configuration) {
        Map<String, String> selected = new TreeMap<>();
        configuration.toMap().forEach((key, value) -> {
            if (key.startsWith("state.")
                    || key.startsWith("execution.checkpointing.")
                    || key.startsWith("restart-strategy.")) {
                selected.put(key, value);
            }
        });
        this.defaults = Map.copyOf(selected);
    }

    /** {@code graph} with the defaults under its own settings. */
    JobGraph applyTo(JobGraph graph) {
        if (defaults.isEmpty()) {
            return graph;
        }
        Map<String, String> merged = new HashMap<>(defaults);
        merged.putAll(graph.configuration());
        return new JobGraph(
                graph.jobId(),
                graph.name(),
                graph.runtimeMode(),
                graph.maxParallelism(),
                merged,
                graph.vertices(),
                graph.edges());
    }
}
