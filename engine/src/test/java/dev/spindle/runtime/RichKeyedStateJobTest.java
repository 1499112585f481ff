package dev.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.CheckpointedFunction;
import dev.spindle.api.functions.Collector;
import dev.spindle.api.functions.FilterFunction;
import dev.spindle.api.functions.FlatMapFunction;
import dev.spindle.api.functions.FunctionInitializationContext;
import dev.spindle.api.functions.FunctionSnapshotContext;
import dev.spindle.api.functions.MapFunction;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.functions.SinkFunction;
import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.MapState;
import dev.spindle.api.state.MapStateDescriptor;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.core.JobExecutionException;
import dev.spindle.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Rich map, flatMap, filter and sink functions applied to a keyed stream use keyed state. */
class RichKeyedStateJobTest {

    @Test
    void aRichMapAfterKeyByCountsPerKey() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSequence(0, 99)
                .keyBy(i -> i % 4)
                .map(new CountPerKey<>(4))
                .addSink(LocalExecutionTest.collectInto("rich-map"));
        env.execute("rich keyed map");

        Map<Long, Long> highest = new TreeMap<>();
        for (Object o : LocalExecutionTest.SINKS.get("rich-map")) {
            String[] parts = ((String) o).split(",");
            highest.merge(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Math::max);
        }
        assertEquals(Map.of(0L, 25L, 1L, 25L, 2L, 25L, 3L, 25L), highest);
        assertEquals(100, LocalExecutionTest.SINKS.get("rich-map").size());
    }

    @Test
    void aRichFilterAfterKeyByPassesOneRecordOfEachKey() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSequence(0, 99)
                .keyBy(i -> i % 7)
                .filter(new FirstOfKey())
                .addSink(LocalExecutionTest.collectInto("rich-filter"));
        env.execute("rich keyed filter");

        // Which record of a key comes first depends on how the two source subtasks interleave.
        List<Long> keys = new ArrayList<>();
        for (Object first : LocalExecutionTest.SINKS.get("rich-filter")) {
            keys.add((Long) first % 7);
        }
        keys.sort(null);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), keys);
    }

    @Test
    void aRichFlatMapAndARichSinkAfterKeyByKeepListAndMapState() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSequence(0, 29)
                .setParallelism(1) // one source: each key sees its records in order
                .keyBy(i -> i % 3)
                .flatMap(new EveryThird())
                .addSink(LocalExecutionTest.collectInto("rich-flatmap"));
        env.fromSequence(0, 29).setParallelism(1).keyBy(i -> i % 3).addSink(new LastPerKey());
        env.execute("rich keyed flatMap and sink");

        List<Object> batches = new ArrayList<>(LocalExecutionTest.SINKS.get("rich-flatmap"));
        batches.sort((a, b) -> a.toString().compareTo(b.toString()));
        assertEquals(
                List.of(
                        "[0, 3, 6]",
                        "[1, 4, 7]",
                        "[10, 13, 16]",
                        "[11, 14, 17]",
                        "[18, 21, 24]",
                        "[19, 22, 25]",
                        "[2, 5, 8]",
                        "[20, 23, 26]",
                        "[27]",
                        "[28]",
                        "[29]",
                        "[9, 12, 15]"),
                batches.stream().map(Object::toString).toList());
        assertEquals(Map.of(0L, 27L, 1L, 28L, 2L, 29L), new TreeMap<>(LastPerKey.LAST));
    }

    @Test
    void aCheckpointedFunctionAfterKeyByGetsKeyedStateInInitializeState() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSequence(0, 99)
                .keyBy(i -> i % 5)
                .map(new CheckpointedCount())
                .addSink(LocalExecutionTest.collectInto("checkpointed-keyed"));
        env.execute("checkpointed keyed map");

        Map<Long, Long> highest = new TreeMap<>();
        for (Object o : LocalExecutionTest.SINKS.get("checkpointed-keyed")) {
            String[] parts = ((String) o).split(",");
            highest.merge(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Math::max);
        }
        assertEquals(Map.of(0L, 20L, 1L, 20L, 2L, 20L, 3L, 20L, 4L, 20L), highest);
    }

    @Test
    void keyedStateInAFunctionAfterTheKeyedOneIsAClearError() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        // The second map runs on the map's output, which is not keyed any more.
        env.fromSequence(1, 3)
                .keyBy(i -> i % 2)
                .map(new CountPerKey<>(2))
                .map(new CountPerKey<>(2))
                .print();
        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("chained"));
        assertEquals(
                "a function in 'Map -> Map -> Print to Std. Out' asks for keyed state, but it does not run on a"
                        + " keyed stream; apply it right after keyBy (keyBy(...).map, flatMap, filter, process or addSink)",
                e.getCause().getMessage());
    }

    /** Emits {@code key,count} with the count of the record's key so far. */
    static final class CountPerKey<T> implements MapFunction<T, String>, RichFunction {
        private static final long serialVersionUID = 1L;
        private final long keys;
        private transient ValueState<Long> count;

        CountPerKey(long keys) {
            this.keys = keys;
        }

        @Override
        public void open(RuntimeContext context) {
            count = context.state(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        }

        @Override
        public String map(T value) {
            long next = count.value() + 1;
            count.update(next);
            long number = value instanceof Long l ? l : Long.parseLong(((String) value).split(",")[0]);
            return number % keys + "," + next;
        }
    }

    /** Counts per key in keyed state that it registers in {@code initializeState}; not a rich function. */
    static final class CheckpointedCount implements MapFunction<Long, String>, CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void initializeState(FunctionInitializationContext context) {
            count = context.getKeyedStateStore().state(new ValueStateDescriptor<>("count", Types.LONG, 0L));
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {}

        @Override
        public String map(Long value) {
            count.update(count.value() + 1);
            return value % 5 + "," + count.value();
        }
    }

    /** Passes the first record of each key. */
    static final class FirstOfKey implements FilterFunction<Long>, RichFunction {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Boolean> seen;

        @Override
        public void open(RuntimeContext context) {
            seen = context.state(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
        }

        @Override
        public boolean filter(Long value) {
            if (seen.value() != null) {
                return false;
            }
            seen.update(true);
            return true;
        }
    }

    /** Collects the records of a key in list state and emits them in threes, and the rest at the end of its key. */
    static final class EveryThird implements FlatMapFunction<Long, String>, RichFunction {
        private static final long serialVersionUID = 1L;
        private transient ListState<Long> pending;

        @Override
        public void open(RuntimeContext context) {
            pending = context.listState(new ListStateDescriptor<>("pending", Types.LONG));
        }

        @Override
        public void flatMap(Long value, Collector<String> out) {
            pending.add(value);
            List<Long> all = new ArrayList<>();
            pending.get().forEach(all::add);
            if (all.size() == 3 || value >= 27) {
                out.collect(all.toString());
                pending.clear();
            }
        }
    }

    /** Keeps the last record of each key in map state (one entry per key) and publishes it. */
    static final class LastPerKey implements SinkFunction<Long>, RichFunction {
        private static final long serialVersionUID = 1L;
        static final Map<Long, Long> LAST = new java.util.concurrent.ConcurrentHashMap<>();
        private transient MapState<String, Long> last;

        @Override
        public void open(RuntimeContext context) {
            last = context.mapState(new MapStateDescriptor<>("last", Types.STRING, Types.LONG));
        }

        @Override
        public void invoke(Long value) {
            Long previous = last.get("last");
            if (previous != null && previous >= value) {
                throw new IllegalStateException("records of a key out of order: " + previous + ", " + value);
            }
            last.put("last", value);
            LAST.put(value % 3, value);
        }
    }
}
