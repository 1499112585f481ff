package dev.spindle.graph;

import dev.spindle.api.operators.KeyedReduceOperator;
import dev.spindle.api.operators.StreamOperator;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.RuntimeExecutionMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles the transformations of a program into a {@link JobGraph}: resolves parallelism and
 * the runtime mode, picks each edge's partitioning, adds BATCH pre-aggregation before keyed
 * reduces, and chains operators where the edge is forward and the parallelism and max parallelism
 * equal.
 */
public final class JobGraphBuilder {
    private final Configuration config;
    private final int defaultParallelism;
    private final int maxParallelism;
    private final Map<Integer, Node> nodes = new LinkedHashMap<>();

    public JobGraphBuilder(Configuration config) {
        this.config = config;
        this.defaultParallelism = config.get(CoreOptions.DEFAULT_PARALLELISM);
        this.maxParallelism = config.get(CoreOptions.MAX_PARALLELISM);
        if (defaultParallelism < 1) {
            throw new InvalidProgramException("parallelism must be at least 1, was " + defaultParallelism);
        }
    }

    /** A physical step: a source or one-input operator, with its resolved settings. */
    private static final class Node {
        final Transformation<?> transformation;
        StreamOperator<?> operator;
        /** The type of the records this node emits, when it differs from its transformation's (combiners). */
        dev.spindle.types.TypeInfo<?> outputType;

        final List<Edge> inputs = new ArrayList<>();
        final List<Edge> outputs = new ArrayList<>();
        String name;
        int parallelism;
        /** The operator's own max parallelism, or the job's. */
        int maxParallelism;

        boolean bounded;
        int vertexId;
        /** A step the builder added (a BATCH combiner): no uid of its own, no state. */
        boolean added;

        String operatorId;

        Node(Transformation<?> t, StreamOperator<?> operator) {
            this.transformation = t;
            this.operator = operator;
            this.name = t.name();
        }

        boolean isSource() {
            return transformation instanceof Transformation.Source<?>;
        }
    }

    /** An edge between physical steps; {@code partitioning} null means "forward if it can". */
    private static final class Edge {
        final Node from;
        Node to;
        Partitioning partitioning;

        Edge(Node from, Node to, Partitioning partitioning) {
            this.from = from;
            this.to = to;
            this.partitioning = partitioning;
        }
    }

    public JobGraph build(String jobName, List<Transformation<?>> sinks) {
        if (sinks.isEmpty()) {
            throw new InvalidProgramException("the program defines no sink, so there is nothing to execute; "
                    + "end a pipeline with print(), writeAsText(...) or addSink(...)");
        }
        for (Transformation<?> s : sinks) {
            visit(s);
        }
        RuntimeExecutionMode mode = resolveMode();
        for (Node n : List.copyOf(nodes.values())) {
            for (Edge e : n.inputs) {
                resolvePartitioning(e);
            }
        }
        if (mode == RuntimeExecutionMode.BATCH) {
            addCombiners();
        }
        return toJobGraph(jobName, mode);
    }

    private Node visit(Transformation<?> t) {
        Node existing = nodes.get(t.id());
        if (existing != null) {
            return existing;
        }
        Node node;
        if (t instanceof Transformation.Source<?> s) {
            node = new Node(t, s.operator());
            node.bounded = s.operator().isBounded();
            if (!s.operator().isParallel()) {
                if (t.parallelism() > 1) {
                    throw new InvalidProgramException("source '" + t.name() + "' is not parallel; its parallelism "
                            + "cannot be " + t.parallelism());
                }
                node.parallelism = 1;
            } else {
                node.parallelism = t.parallelism() > 0 ? t.parallelism() : defaultParallelism;
            }
            resolveMaxParallelism(node);
        } else if (t instanceof Transformation.OneInput<?, ?> o) {
            node = new Node(t, o.operator());
            node.parallelism = t.parallelism() > 0 ? t.parallelism() : defaultParallelism;
            resolveMaxParallelism(node);
            Partitioning partitioning = null;
            Transformation<?> up = o.input();
            while (up instanceof Transformation.Partition<?> p) {
                if (partitioning == null) {
                    partitioning = p.partitioning(); // the one nearest to the consumer wins
                }
                up = p.input();
            }
            Node from = visit(up);
            Edge e = new Edge(from, node, partitioning);
            from.outputs.add(e);
            node.inputs.add(e);
            node.bounded = from.bounded;
        } else {
            throw new InvalidProgramException("a partitioning (" + t.name() + ") must be followed by an operator");
        }
        nodes.put(t.id(), node);
        return node;
    }

    /**
     * The node's own max parallelism, else the job's. An operator that sets its own cannot run
     * above it, keyed or not (as in Flink); with the job's, only keyed operators are bound by it
     * ({@link #resolvePartitioning}).
     */
    private void resolveMaxParallelism(Node node) {
        int own = node.transformation.maxParallelism();
        node.maxParallelism = own > 0 ? own : maxParallelism;
        if (own > 0 && node.parallelism > own) {
            throw aboveMaxParallelism(node, "operator");
        }
    }

    private InvalidProgramException aboveMaxParallelism(Node node, String what) {
        String uid = node.transformation.uid();
        boolean own = node.transformation.maxParallelism() > 0;
        return new InvalidProgramException(what + " '" + node.name + "'" + (uid == null ? "" : " (uid '" + uid + "')")
                + " has parallelism " + node.parallelism + ", above its max parallelism " + node.maxParallelism
                + (own ? " (set with setMaxParallelism)" : " (the job's, " + CoreOptions.MAX_PARALLELISM.key() + ")")
                + "; lower its parallelism or raise its max parallelism");
    }

    private RuntimeExecutionMode resolveMode() {
        RuntimeExecutionMode mode = config.get(CoreOptions.RUNTIME_MODE);
        boolean allBounded = nodes.values().stream().filter(Node::isSource).allMatch(n -> n.bounded);
        if (mode == RuntimeExecutionMode.AUTOMATIC) {
            return allBounded ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING;
        }
        if (mode == RuntimeExecutionMode.BATCH && !allBounded) {
            String unbounded = nodes.values().stream()
                    .filter(n -> n.isSource() && !n.bounded)
                    .map(n -> "'" + n.name + "'")
                    .findFirst()
                    .orElse("?");
            throw new InvalidProgramException("BATCH mode needs bounded sources, but source " + unbounded
                    + " is unbounded; run in STREAMING mode");
        }
        return mode;
    }

    private void resolvePartitioning(Edge e) {
        if (e.partitioning == null) {
            e.partitioning = Partitioning.of(
                    e.from.parallelism == e.to.parallelism ? Partitioning.Kind.FORWARD : Partitioning.Kind.REBALANCE);
        } else if (e.partitioning.kind() == Partitioning.Kind.FORWARD && e.from.parallelism != e.to.parallelism) {
            throw new InvalidProgramException("forward() from '" + e.from.name + "' (parallelism " + e.from.parallelism
                    + ") to '" + e.to.name + "' (parallelism " + e.to.parallelism
                    + ") needs equal parallelism; use rebalance() instead");
        }
        if (e.partitioning.kind() == Partitioning.Kind.HASH && e.to.parallelism > e.to.maxParallelism) {
            throw aboveMaxParallelism(e.to, "keyed operator");
        }
    }

    /** Inserts a combiner, chained to the sender, on every hash edge into a keyed reduce. */
    private void addCombiners() {
        int maxKeys = config.get(CoreOptions.BATCH_COMBINE_MAX_KEYS);
        if (maxKeys <= 0) {
            return;
        }
        for (Node reduce : List.copyOf(nodes.values())) {
            if (!(reduce.operator instanceof KeyedReduceOperator<?, ?> keyed)) {
                continue;
            }
            for (Edge e : reduce.inputs) {
                if (e.partitioning.kind() != Partitioning.Kind.HASH) {
                    continue;
                }
                Node combiner = new Node(reduce.transformation, keyed.combiner(maxKeys));
                combiner.added = true;
                combiner.name = "Combine " + reduce.name;
                combiner.parallelism = e.from.parallelism;
                combiner.maxParallelism = e.from.maxParallelism; // chained to the sender
                combiner.bounded = true;
                e.from.outputs.remove(e);
                Edge toCombiner = new Edge(e.from, combiner, Partitioning.of(Partitioning.Kind.FORWARD));
                e.from.outputs.add(toCombiner);
                combiner.inputs.add(toCombiner);
                combiner.outputType = keyed.combinedType();
                combiner.outputs.add(new Edge(combiner, reduce, Partitioning.hash(KeyedReduceOperator.combinedKey())));
                reduce.operator = keyed.behindCombiner();
                e.to = null; // replaced
                nodes.put(-nodes.size() - 1, combiner);
                reduce.inputs.set(reduce.inputs.indexOf(e), combiner.outputs.get(0));
            }
        }
    }

    private static boolean chainable(Edge e) {
        return e.partitioning.kind() == Partitioning.Kind.FORWARD
                && e.from.outputs.size() == 1
                && e.to.inputs.size() == 1
                && e.from.parallelism == e.to.parallelism
                && e.from.maxParallelism == e.to.maxParallelism
                && !e.to.isSource();
    }

    private JobGraph toJobGraph(String jobName, RuntimeExecutionMode mode) {
        // Chain heads are nodes whose single input cannot chain; walk each chain from its head.
        List<Node> order = topologicalOrder();
        assignOperatorIds(order);
        List<JobVertex> vertices = new ArrayList<>();
        List<Edge> vertexEdges = new ArrayList<>();
        int nextVertex = 1;
        for (Node head : order) {
            if (head.inputs.size() == 1 && chainable(head.inputs.get(0))) {
                continue;
            }
            List<JobVertex.ChainedOperator> ops = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Node n = head;
            while (true) {
                n.vertexId = nextVertex;
                boolean keyedInput = n.inputs.stream().anyMatch(e -> e.partitioning.kind() == Partitioning.Kind.HASH);
                ops.add(new JobVertex.ChainedOperator(
                        n.name,
                        n.operatorId,
                        n.added ? null : n.transformation.uid(),
                        !n.added && (n.operator.keepsOperatorState() || keyedInput),
                        UserCode.serialize(n.operator, "operator '" + n.name + "'")));
                names.add(n.name);
                if (n.outputs.size() == 1 && chainable(n.outputs.get(0))) {
                    n = n.outputs.get(0).to;
                } else {
                    vertexEdges.addAll(n.outputs);
                    break;
                }
            }
            String name = (head.isSource() ? "Source: " : "") + String.join(" -> ", names);
            vertices.add(new JobVertex(
                    nextVertex, name, head.parallelism, head.maxParallelism, head.isSource(), n.bounded, ops));
            nextVertex++;
        }
        List<JobEdge> edges = new ArrayList<>();
        int nextEdge = 1;
        for (Edge e : vertexEdges) {
            byte[] keySelector = e.partitioning.kind() == Partitioning.Kind.HASH
                    ? UserCode.serialize(e.partitioning.keySelector(), "the key selector of '" + e.to.name + "'")
                    : null;
            dev.spindle.types.TypeInfo<?> type =
                    e.from.outputType != null ? e.from.outputType : e.from.transformation.outputType();
            edges.add(new JobEdge(
                    nextEdge++,
                    e.from.vertexId,
                    e.to.vertexId,
                    e.partitioning.kind(),
                    keySelector,
                    UserCode.serialize(type, "the record type of '" + e.from.name + "'"),
                    type.displayName()));
        }
        vertices.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return new JobGraph(JobId.generate(), jobName, mode, maxParallelism, config.toMap(), vertices, edges);
    }

    /**
     * Gives every node its operator id ({@link OperatorIds}): from its uid, or from its position
     * among the nodes (the order they were visited in, which the program decides) and its inputs'
     * ids. {@code order} is topological, so inputs come first.
     */
    private void assignOperatorIds(List<Node> order) {
        List<Node> positions = new ArrayList<>(nodes.values());
        Map<String, Node> byUid = new LinkedHashMap<>();
        for (Node n : order) {
            String uid = n.added ? null : n.transformation.uid();
            if (uid != null) {
                Node other = byUid.put(uid, n);
                if (other != null) {
                    throw new InvalidProgramException("operators '" + other.name + "' and '" + n.name
                            + "' have the same uid '" + uid + "'; a uid must be unique in the program");
                }
                n.operatorId = OperatorIds.fromUid(uid);
            } else {
                List<String> inputs = new ArrayList<>();
                for (Edge e : n.inputs) {
                    inputs.add(e.from.operatorId);
                }
                n.operatorId = OperatorIds.generated(positions.indexOf(n), n.isSource(), inputs);
            }
        }
    }

    /** Nodes so that every edge goes forward; sources first, in the order the program made them. */
    private List<Node> topologicalOrder() {
        List<Node> order = new ArrayList<>();
        Map<Node, Integer> pending = new LinkedHashMap<>();
        List<Node> ready = new ArrayList<>();
        for (Node n : nodes.values()) {
            pending.put(n, n.inputs.size());
            if (n.inputs.isEmpty()) {
                ready.add(n);
            }
        }
        while (!ready.isEmpty()) {
            Node n = ready.remove(0);
            order.add(n);
            for (Edge e : n.outputs) {
                int left = pending.merge(e.to, -1, Integer::sum);
                if (left == 0) {
                    ready.add(e.to);
                }
            }
        }
        return order;
    }
}
