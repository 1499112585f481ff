package dev.spindle.network.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.SinkFunction;
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.graph.JobEdge;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobVertex;
import dev.spindle.network.ShuffleEnvironment;
import dev.spindle.runtime.task.ExecutionState;
import dev.spindle.runtime.task.Task;
import dev.spindle.runtime.task.TaskDescriptor;
import dev.spindle.runtime.task.TaskExecutionState;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A job whose sources run in one "TaskManager" and whose keyed tasks run in another. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DistributedJobTest {
    static final Map<String, List<Object>> SINKS = new ConcurrentHashMap<>();

    static SinkFunction<Tuple2<Long, Long>> collectInto(String name) {
        SINKS.put(name, Collections.synchronizedList(new ArrayList<>()));
        return value -> SINKS.get(name).add(value);
    }

    static StreamExecutionEnvironment pipeline(String sink) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSequence(0, 49_999)
                .map(i -> Tuple2.of(i % 97, 1L))
                .returns(Types.tuple(Types.LONG, Types.LONG))
                .keyBy(t -> t.f0)
                .sum(1)
                .addSink(collectInto(sink));
        return env;
    }

    @Test
    void keyedJobAcrossTwoTaskManagersMatchesTheLocalRun() throws Exception {
        pipeline("local").execute("local");
        JobGraph graph = pipeline("remote").getJobGraph("remote");

        ClusterSecret secret = ClusterSecret.generate();
        try (NettyShuffleEnvironment a = new NettyShuffleEnvironment(
                NettyShuffleEnvironmentTest.config(), secret, PartitionLocator.allLocal())) {
            InetSocketAddress addressA = a.start("127.0.0.1");
            Map<Integer, Boolean> edgeFromSource = new ConcurrentHashMap<>();
            for (JobEdge e : graph.edges()) {
                edgeFromSource.put(e.id(), graph.vertex(e.source()).source());
            }
            try (NettyShuffleEnvironment b = new NettyShuffleEnvironment(
                    NettyShuffleEnvironmentTest.config(),
                    secret,
                    id -> edgeFromSource.get(id.edgeId())
                            ? new PartitionLocator.RemoteProducer(addressA, "A")
                            : null)) {
                b.start("127.0.0.1");
                List<TaskExecutionState> ends = new CopyOnWriteArrayList<>();
                List<Thread> threads = new ArrayList<>();
                int remoteTasks = 0;
                for (JobVertex v : graph.vertices()) {
                    ShuffleEnvironment shuffle = v.source() ? a : b;
                    remoteTasks += v.source() ? 0 : 1;
                    for (TaskDescriptor d : TaskDescriptor.forVertex(graph, v)) {
                        Task task = new Task(d, shuffle, getClass().getClassLoader(), s -> {
                            if (s.state().isTerminal()) {
                                ends.add(s);
                            }
                        });
                        Thread t = new Thread(task, "task " + d.taskName());
                        t.start();
                        threads.add(t);
                    }
                }
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
                assertTrue(remoteTasks > 0, "the job has a vertex in the second TaskManager");
                assertEquals(threads.size(), ends.size());
                for (TaskExecutionState s : ends) {
                    assertEquals(ExecutionState.FINISHED, s.state(), () -> String.valueOf(s.failure()));
                }
                assertEquals(1, b.connectionsOpened(), "B's tasks share one connection to A");
                assertEquals(0, a.connectionsOpened());
            }
        }
        assertEquals(sorted(SINKS.get("local")), sorted(SINKS.get("remote")));
        assertEquals(50_000, SINKS.get("remote").size());
    }

    private static List<String> sorted(List<Object> values) {
        List<String> out = new ArrayList<>();
        synchronized (values) {
            values.forEach(v -> out.add(v.toString()));
        }
        Collections.sort(out);
        return out;
    }
}
