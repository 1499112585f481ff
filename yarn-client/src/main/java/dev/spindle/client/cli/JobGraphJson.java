package dev.spindle.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.graph.JobEdge;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import java.util.List;
import java.util.TreeMap;

/**
 * The JSON that {@code spindle info} prints: one document {@code {"jobs": [...]}} with one object
 * per job graph, in the order the program executed them. It describes the plan (names,
 * parallelism, exchanges, settings) and leaves out the serialized user code and types. The job's
 * {@code maxParallelism} is the default; each vertex's is the one its keyed state is split by.
 *
 * <pre>
 * {"jobs": [{"jobId": "<32 hex>", "name": "WordCount", "runtimeMode": "BATCH", "maxParallelism": 128,
 *            "vertices": [{"id": 1, "name": "...", "parallelism": 3, "maxParallelism": 128,
 *                          "source": true, "bounded": true,
 *                          "operators": ["Source: ...", "Tokenizer"],
 *                          "operatorDetails": [{"name": "Source: ...", "operatorId": "<32 hex>",
 *                                               "uid": "words" or null, "stateful": true}, ...]}, ...],
 *            "edges": [{"id": 1, "source": 1, "target": 2, "partitioning": "HASH", "type": "..."}, ...],
 *            "configuration": {"parallelism.default": "3", ...}}]}
 * </pre>
 */
final class JobGraphJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JobGraphJson() {}

    /** The document for {@code graphs}, pretty-printed. */
    static String write(List<JobGraph> graphs) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode jobs = root.putArray("jobs");
        graphs.forEach(g -> jobs.add(job(g)));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain JSON nodes cannot be written", e);
        }
    }

    private static ObjectNode job(JobGraph graph) {
        ObjectNode job = MAPPER.createObjectNode();
        job.put("jobId", graph.jobId().toString());
        job.put("name", graph.name());
        job.put("runtimeMode", graph.runtimeMode().name());
        job.put("maxParallelism", graph.maxParallelism());
        ArrayNode vertices = job.putArray("vertices");
        graph.vertices().forEach(v -> vertices.add(vertex(v)));
        ArrayNode edges = job.putArray("edges");
        graph.edges().forEach(e -> edges.add(edge(e)));
        ObjectNode configuration = job.putObject("configuration");
        // Sorted, so that the output is stable between runs and easy to diff.
        new TreeMap<>(graph.configuration()).forEach(configuration::put);
        return job;
    }

    private static ObjectNode vertex(JobVertex vertex) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", vertex.id());
        node.put("name", vertex.name());
        node.put("parallelism", vertex.parallelism());
        node.put("maxParallelism", vertex.maxParallelism());
        node.put("source", vertex.source());
        node.put("bounded", vertex.bounded());
        ArrayNode operators = node.putArray("operators");
        vertex.operators().forEach(o -> operators.add(o.name()));
        ArrayNode details = node.putArray("operatorDetails");
        for (var o : vertex.operators()) {
            var d = details.addObject();
            d.put("name", o.name());
            d.put("operatorId", o.operatorId());
            if (o.uid() == null) {
                d.putNull("uid");
            } else {
                d.put("uid", o.uid());
            }
            d.put("stateful", o.stateful());
        }
        return node;
    }

    private static ObjectNode edge(JobEdge edge) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", edge.id());
        node.put("source", edge.source());
        node.put("target", edge.target());
        node.put("partitioning", edge.partitioning().name());
        node.put("type", edge.typeName());
        return node;
    }
}
