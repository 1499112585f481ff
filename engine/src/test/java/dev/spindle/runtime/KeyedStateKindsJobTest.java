package dev.spindle.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.Collector;
import dev.spindle.api.functions.KeyedProcessFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.MapState;
import dev.spindle.api.state.MapStateDescriptor;
import dev.spindle.api.state.ReducingState;
import dev.spindle.api.state.ReducingStateDescriptor;
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** List, map and reducing state reached through the RuntimeContext of a keyed process function. */
class KeyedStateKindsJobTest {
    @Test
    void everyKindOfStateKeepsItsValuesPerKey() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSequence(0, 999)
                .keyBy(i -> i % 10)
                .process(new Summarize())
                .addSink(LocalExecutionTest.collectInto("state-kinds"));
        env.execute("keyed state kinds");

        // The summary with the most list elements is the one after the key's last record.
        Map<Long, String> last = new TreeMap<>();
        Map<Long, Integer> longest = new TreeMap<>();
        List<Object> out = new ArrayList<>(LocalExecutionTest.SINKS.get("state-kinds"));
        for (Object o : out) {
            @SuppressWarnings("unchecked")
            Tuple2<Long, String> t = (Tuple2<Long, String>) o;
            int size = Integer.parseInt(t.f1.split(" ")[1]);
            if (size > longest.getOrDefault(t.f0, -1)) {
                longest.put(t.f0, size);
                last.put(t.f0, t.f1);
            }
        }
        Map<Long, String> expected = new TreeMap<>();
        for (long key = 0; key < 10; key++) {
            long sum = 0;
            Map<Long, Integer> byResidue = new TreeMap<>();
            for (long i = key; i < 1000; i += 10) {
                sum += i;
                byResidue.merge(i % 3, 1, Integer::sum);
            }
            expected.put(key, sum + " 100 " + byResidue);
        }
        assertEquals(expected, last);
        assertEquals(1000, out.size());
    }

    /** Emits (key, "sum listSize countsByResidueMod3") after every record. */
    static final class Summarize extends KeyedProcessFunction<Long, Long, Tuple2<Long, String>> {
        private static final long serialVersionUID = 1L;
        private transient ReducingState<Long> sum;
        private transient ListState<Long> seen;
        private transient MapState<Long, Integer> byResidue;

        @Override
        public void open(RuntimeContext context) {
            sum = context.reducingState(new ReducingStateDescriptor<>("sum", Long::sum, Types.LONG));
            seen = context.listState(new ListStateDescriptor<>("seen", Types.LONG));
            byResidue = context.mapState(new MapStateDescriptor<>("byResidue", Types.LONG, Types.INT));
        }

        @Override
        public void processElement(Long value, Context<Long> ctx, Collector<Tuple2<Long, String>> out)
                throws Exception {
            sum.add(value);
            seen.add(value);
            Integer count = byResidue.get(value % 3);
            byResidue.put(value % 3, count == null ? 1 : count + 1);
            int size = 0;
            for (Long ignored : seen.get()) {
                size++;
            }
            Map<Long, Integer> counts = new TreeMap<>();
            byResidue.entries().forEach(e -> counts.put(e.getKey(), e.getValue()));
            out.collect(Tuple2.of(ctx.getCurrentKey(), sum.get() + " " + size + " " + counts));
        }
    }
}
