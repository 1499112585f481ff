package dev.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.DataStream;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.Collector;
import dev.spindle.api.functions.KeyedProcessFunction;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.functions.SinkFunction;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobStatus;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.core.execution.JobClient;
import dev.spindle.graph.InvalidProgramException;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs run in one JVM with real parallel tasks and exchanges. */
class LocalExecutionTest {

    /** Collects what sinks receive, per test, across the copies the runtime makes of the sink. */
    static final Map<String, List<Object>> SINKS = new ConcurrentHashMap<>();

    static <T> SinkFunction<T> collectInto(String name) {
        SINKS.put(name, Collections.synchronizedList(new ArrayList<>()));
        return value -> SINKS.get(name).add(value);
    }

    @Test
    void keyedStateCountsPerKeyAcrossParallelInstances() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(3);
        env.fromSequence(0, 9_999)
                .map(i -> Tuple2.of(i % 100, 1L))
                .returns(Types.tuple(Types.LONG, Types.LONG))
                .keyBy(t -> t.f0)
                .process(new CountPerKey())
                .addSink(collectInto("counts"));
        env.execute("keyed state");

        // Streaming: every record produces its key's running count; the last per key is 100.
        Map<Object, Long> max = new HashMap<>();
        Map<Object, Integer> updates = new HashMap<>();
        for (Object o : SINKS.get("counts")) {
            @SuppressWarnings("unchecked")
            Tuple2<Long, Long> t = (Tuple2<Long, Long>) o;
            max.merge(t.f0, t.f1, Math::max);
            updates.merge(t.f0, 1, Integer::sum);
        }
        assertEquals(100, max.size());
        max.values().forEach(v -> assertEquals(100L, v));
        updates.values().forEach(v -> assertEquals(100, v));
    }

    /** Counts records per key in keyed value state and emits (key, count so far). */
    static final class CountPerKey extends KeyedProcessFunction<Long, Tuple2<Long, Long>, Tuple2<Long, Long>> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext context) {
            count = context.state(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        }

        @Override
        public void processElement(Tuple2<Long, Long> value, Context<Long> ctx, Collector<Tuple2<Long, Long>> out) {
            long next = count.value() + value.f1;
            count.update(next);
            out.collect(Tuple2.of(ctx.getCurrentKey(), next));
        }
    }

    @Test
    void batchReduceEmitsOneFinalResultPerKey() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromSequence(1, 1000).keyBy(i -> i % 7).reduce(Long::sum).addSink(collectInto("batch-reduce"));
        env.execute("batch reduce");
        List<Object> results = SINKS.get("batch-reduce");
        assertEquals(7, results.size(), "one result per key: " + results);
        Map<Long, Long> expected = new HashMap<>();
        for (long i = 1; i <= 1000; i++) {
            expected.merge(i % 7, i, Long::sum);
        }
        assertEquals(
                expected.values().stream().sorted().toList(),
                results.stream().map(o -> (Long) o).sorted().toList());
    }

    @Test
    void rebalanceAndBroadcastDistributeRecords() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        DataStream<Long> numbers = env.fromSequence(1, 100);
        numbers.broadcast().map(new TagWithSubtask()).setParallelism(3).addSink(collectInto("broadcast"));
        env.execute("broadcast");
        assertEquals(300, SINKS.get("broadcast").size());

        env.fromSequence(1, 99)
                .rebalance()
                .map(new TagWithSubtask())
                .setParallelism(3)
                .addSink(collectInto("rebalance"));
        env.execute("rebalance");
        Map<Object, Integer> perSubtask = new HashMap<>();
        for (Object o : SINKS.get("rebalance")) {
            perSubtask.merge(((Tuple2<?, ?>) o).f0, 1, Integer::sum);
        }
        assertEquals(Map.of(0, 33, 1, 33, 2, 33), perSubtask);
    }

    /** Emits (subtask index, value). */
    static final class TagWithSubtask
            implements dev.spindle.api.functions.MapFunction<Long, Tuple2<Integer, Long>>, RichFunction {
        private static final long serialVersionUID = 1L;
        private transient int subtask;

        @Override
        public void open(RuntimeContext context) {
            subtask = context.indexOfThisSubtask();
        }

        @Override
        public Tuple2<Integer, Long> map(Long value) {
            return Tuple2.of(subtask, value);
        }
    }

    @Test
    void aTaskFailureFailsTheJobWithTheUsersException() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        IllegalStateException boom = new IllegalStateException("boom at 5000");
        env.fromSequence(0, 1_000_000)
                .map(i -> {
                    if (i == 5000) {
                        throw new IllegalStateException("boom at 5000");
                    }
                    return i;
                })
                .keyBy(i -> i % 10)
                .sum(0)
                .addSink(v -> {});
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("failing"));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(boom.getMessage(), e.getCause().getMessage());
        assertTrue(e.getMessage().contains("failing"), e.getMessage());
        assertNoTaskThreadsLeft();
    }

    /**
     * Issue 9, defect 3: a job of parallelism 4 whose map throws at its first record used to take a
     * minute to fail about once in 15 runs, when the failure cancelled a consumer whose thread had
     * not started yet (it then waited for a partition that was never produced).
     */
    @RepeatedTest(50)
    void aJobWhoseMapThrowsAtItsFirstRecordFailsWithinASecond() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(4);
        env.fromSequence(0, 1_000_000)
                .map(i -> {
                    if (i >= 0) {
                        throw new IllegalStateException("no records wanted");
                    }
                    return i;
                })
                .keyBy(i -> i % 10)
                .sum(0)
                .addSink(v -> {});
        long start = System.nanoTime();
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("throws at once"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("no records wanted", e.getCause().getMessage());
        assertTrue(millis < 1_000, "the job took " + millis + " ms to fail");
        assertNoTaskThreadsLeft();
    }

    /**
     * The other case of defect 3: sinks that cannot write their output (a read-only directory, here
     * part files that are in the way) fail as they open, while their producers start.
     */
    @RepeatedTest(20)
    void aJobWhoseSinksCannotOpenTheirOutputFailsWithinASecond(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 4; i++) {
            Files.createDirectory(dir.resolve(".part-" + i + ".inprogress")); // where sink i would write
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(4);
        env.fromSequence(0, 1_000_000).keyBy(i -> i % 10).sum(0).writeAsText(dir.toString(), WriteMode.OVERWRITE);
        long start = System.nanoTime();
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("cannot write"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(java.nio.file.FileSystemException.class, e.getCause());
        assertTrue(millis < 1_000, "the job took " + millis + " ms to fail");
        assertNoTaskThreadsLeft();
    }

    @Test
    void cancelStopsEveryTaskPromptly() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG)
                .keyBy(i -> i % 100)
                .sum(0)
                .addSink(v -> Thread.sleep(0, 1)); // a slow sink: the exchange is under backpressure
        JobClient client = env.executeAsync("endless");
        Thread.sleep(300);
        assertEquals(JobStatus.RUNNING, client.getJobStatus().get());
        long start = System.nanoTime();
        client.cancel().get();
        ExecutionException e = assertThrows(
                ExecutionException.class, () -> client.getJobExecutionResult().get(5, TimeUnit.SECONDS));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(JobCancellationException.class, e.getCause());
        assertTrue(millis < 2000, "cancel took " + millis + " ms");
        assertEquals(JobStatus.CANCELED, client.getJobStatus().get());
        assertNoTaskThreadsLeft();
    }

    @Test
    void countersAddUpOverSubtasks() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSequence(1, 500)
                .name("numbers")
                .rebalance()
                .filter(new CountingFilter())
                .name("evens")
                .addSink(v -> {});
        JobExecutionResult result = env.execute("counters");
        assertEquals(250, result.counter("even"));
        assertEquals(
                500,
                result.counter("Source: numbers.numRecordsOut"),
                result.counters().toString());
        assertEquals(
                500,
                result.counter("evens -> Sink.numRecordsIn"),
                result.counters().toString());
    }

    /** Keeps even numbers and counts them. */
    static final class CountingFilter implements dev.spindle.api.functions.FilterFunction<Long>, RichFunction {
        private static final long serialVersionUID = 1L;
        private transient dev.spindle.api.functions.LongCounter even;

        @Override
        public void open(RuntimeContext context) {
            even = context.counter("even");
        }

        @Override
        public boolean filter(Long value) {
            boolean keep = value % 2 == 0;
            if (keep) {
                even.increment();
            }
            return keep;
        }
    }

    @Test
    void invalidProgramsAreRejectedWithAClearMessage() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        InvalidProgramException noSink = assertThrows(InvalidProgramException.class, () -> env.execute("nothing"));
        assertTrue(noSink.getMessage().contains("no sink"), noSink.getMessage());

        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.fromGenerator(Long.MAX_VALUE, i -> i, Types.LONG).print();
        InvalidProgramException unbounded = assertThrows(InvalidProgramException.class, () -> env.getJobGraph("x"));
        assertTrue(unbounded.getMessage().contains("unbounded"), unbounded.getMessage());

        StreamExecutionEnvironment env2 = StreamExecutionEnvironment.createLocalEnvironment(2);
        env2.fromSequence(1, 10).forward().map(i -> i).setParallelism(3).print();
        InvalidProgramException forward = assertThrows(InvalidProgramException.class, () -> env2.getJobGraph("x"));
        assertTrue(forward.getMessage().contains("rebalance()"), forward.getMessage());

        StreamExecutionEnvironment env3 = StreamExecutionEnvironment.createLocalEnvironment(1);
        Object notSerializable = new Object();
        env3.fromSequence(1, 10).map(i -> i + notSerializable.hashCode()).print();
        InvalidProgramException capture = assertThrows(InvalidProgramException.class, () -> env3.getJobGraph("x"));
        assertTrue(
                capture.getMessage().contains("java.lang.Object")
                        && capture.getMessage().contains("Serializable"),
                capture.getMessage());
    }

    @Test
    void stateOutsideAKeyedStreamIsAClearError() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromSequence(1, 3).map(new StateOnUnkeyed()).print();
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("unkeyed state"));
        assertTrue(e.getCause().getMessage().contains("keyBy"), e.getCause().getMessage());
    }

    /** Asks for keyed state where there is none. */
    static final class StateOnUnkeyed implements dev.spindle.api.functions.MapFunction<Long, Long>, RichFunction {
        private static final long serialVersionUID = 1L;

        @Override
        public void open(RuntimeContext context) {
            context.state(new ValueStateDescriptor<>("x", Types.LONG));
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    @Test
    void exceptionsKeepTheirIdentity() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromElements("a", "b").addSink(v -> {
            throw new java.io.IOException("disk full");
        });
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("io"));
        assertSame(java.io.IOException.class, e.getCause().getClass());
    }

    static void assertNoTaskThreadsLeft() {
        long deadline = System.currentTimeMillis() + 2000;
        while (System.currentTimeMillis() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("Spindle task"))) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        List<String> left = Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("Spindle task"))
                .toList();
        assertTrue(left.isEmpty(), "task threads still alive: " + left);
    }
}
