package dev.spindle.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.examples.KeyedCount;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.types.Types;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code setMaxParallelism} on an operator: validated where it is set, the job's value as the
 * default, a bound on the operator's parallelism when the graph is built, a reason not to chain,
 * and what the tasks of a vertex and the senders into it compute key groups with.
 */
class OperatorMaxParallelismGraphTest {
    @TempDir
    Path dir;

    /** Source -> keyBy -> count (uid "count") -> sink; {@code countMax} &le; 0 sets none. */
    private JobGraph keyedCount(int parallelism, int countParallelism, int countMax) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        DataStream<String> counts = env.fromGenerator(100, i -> i, Types.LONG)
                .uid("records")
                .keyBy(i -> i % 10)
                .process(new KeyedCount.CountPerKey())
                .uid("count")
                .returns(Types.STRING);
        if (countParallelism > 0) {
            counts.setParallelism(countParallelism);
        }
        if (countMax > 0) {
            counts.setMaxParallelism(countMax);
        }
        counts.writeAsText(dir.resolve("out").toString(), WriteMode.OVERWRITE).uid("counts");
        return env.getJobGraph("max-parallelism");
    }

    @Test
    void anOperatorsOwnMaxParallelismGoesToItsVertexAndTheJobsToTheOthers() {
        JobGraph graph = keyedCount(2, 0, 7);
        assertEquals(128, graph.maxParallelism());
        assertEquals(
                List.of("Source: Generator:128", "Keyed Process:7", "Write to " + dir.resolve("out") + ":128"),
                graph.vertices().stream()
                        .map(v -> v.name() + ":" + v.maxParallelism())
                        .toList());
    }

    @Test
    void differentMaxParallelismSplitsAChainThatWouldOtherwiseForm() {
        assertEquals(
                List.of("Source: Generator", "Keyed Process -> Write to " + dir.resolve("out")),
                keyedCount(2, 0, 0).vertices().stream().map(JobVertex::name).toList());
        JobGraph split = keyedCount(2, 0, 7);
        assertEquals(3, split.vertices().size());
        JobEdge processToSink = split.edges().get(1);
        assertEquals(Partitioning.Kind.FORWARD, processToSink.partitioning());
    }

    @Test
    void aHashEdgeComputesKeyGroupsWithItsConsumersMaxParallelismAndTasksWithTheirOwn() {
        JobGraph graph = keyedCount(2, 0, 7);
        TaskDescriptor source =
                TaskDescriptor.forVertex(graph, graph.vertices().get(0)).get(0);
        assertEquals(128, source.maxParallelism());
        assertEquals(Partitioning.Kind.HASH, source.outputs().get(0).partitioning());
        assertEquals(7, source.outputs().get(0).consumerMaxParallelism());
        TaskDescriptor count =
                TaskDescriptor.forVertex(graph, graph.vertices().get(1)).get(1);
        assertEquals(7, count.maxParallelism());
        assertEquals(128, count.outputs().get(0).consumerMaxParallelism());
    }

    @Test
    void aParallelismAboveTheOperatorsMaxParallelismIsRefusedWhenTheGraphIsBuilt() {
        InvalidProgramException e = assertThrows(InvalidProgramException.class, () -> keyedCount(2, 8, 7));
        assertEquals(
                "operator 'Keyed Process' (uid 'count') has parallelism 8, above its max parallelism 7 (set with "
                        + "setMaxParallelism); lower its parallelism or raise its max parallelism",
                e.getMessage());
        // The job's default parallelism counts too.
        e = assertThrows(InvalidProgramException.class, () -> keyedCount(9, 0, 7));
        assertEquals(
                "operator 'Keyed Process' (uid 'count') has parallelism 9, above its max parallelism 7 (set with "
                        + "setMaxParallelism); lower its parallelism or raise its max parallelism",
                e.getMessage());
        assertEquals(7, keyedCount(7, 0, 7).vertices().get(1).parallelism());
    }

    @Test
    void aKeyedOperatorAboveTheJobsMaxParallelismNamesTheOption() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(5);
        env.setMaxParallelism(4);
        env.fromGenerator(100, i -> i, Types.LONG)
                .keyBy(i -> i % 10)
                .process(new KeyedCount.CountPerKey())
                .uid("count")
                .returns(Types.STRING)
                .setParallelism(5)
                .print();
        InvalidProgramException e = assertThrows(InvalidProgramException.class, () -> env.getJobGraph("x"));
        assertEquals(
                "keyed operator 'Keyed Process' (uid 'count') has parallelism 5, above its max parallelism 4 (the job's, "
                        + "pipeline.max-parallelism); lower its parallelism or raise its max parallelism",
                e.getMessage());
    }

    @Test
    void theMaxParallelismIsValidatedWhereItIsSet() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        DataStream<Long> numbers = env.fromGenerator(10, i -> i, Types.LONG);
        for (int bad : new int[] {0, -1, 32769}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> numbers.setMaxParallelism(bad));
            assertEquals("max parallelism must be in [1, 32768], was " + bad, e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> numbers.print().setMaxParallelism(bad));
        }
        numbers.setMaxParallelism(32768);
        numbers.setMaxParallelism(1);
        assertThrows(
                UnsupportedOperationException.class, () -> numbers.rebalance().setMaxParallelism(4));
    }

    @Test
    void aSinksOwnMaxParallelismReachesItsVertex() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromGenerator(10, i -> i, Types.LONG).print().setMaxParallelism(3);
        JobGraph graph = env.getJobGraph("sink");
        assertEquals(
                List.of(128, 3),
                graph.vertices().stream().map(JobVertex::maxParallelism).toList());
    }
}
