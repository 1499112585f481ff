package dev.spindle.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.api.state.ListState;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.MapState;
import dev.spindle.api.state.MapStateDescriptor;
import dev.spindle.api.state.ReducingState;
import dev.spindle.api.state.ReducingStateDescriptor;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.Types;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * States without time-to-live are written byte for byte as before time-to-live existed: the
 * expected bytes were written by the keyed state backend of the commit before it.
 */
class KeyedStateFileCompatibilityTest {
    static final String WRITTEN_BEFORE_TTL =
            "53504b530000000100000024000000080000000000000007040576616c756501046c69737402036d6170030373756d04"
                    + "6308c113000000290000000004000401020000010a01020002026130026230020901020001026d3001000305010200c8"
                    + "01bc1d6f81000000050000000100df39c65c000000050000000200f414959f000000050000000300ed0fa4de00000005"
                    + "0000000400a24e32190000002000000005020008010104746578740e020f0101047465787401046f6e6c79010216c9b2"
                    + "6c000000290000000604000401020428010a01020402026132026232020901020401026d3201040305010204cc01acf2"
                    + "4a27000000290000000704000401020214010a01020202026131026231020901020201026d3101020305010202ca01ef"
                    + "da0019000000640000000800000000000000000000003400000001000000000000006500000002000000000000007200"
                    + "000003000000000000007f00000004000000000000008c0000000500000000000000990000000600000000000000c100"
                    + "00000700000000000000f23d4926f1000000000000012353504b45";

    @Test
    void aFileWithoutTimeToLiveIsWrittenAsBefore() throws Exception {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(new KeyGroupRange(0, 7), 8);
        ValueState<Long> value = backend.valueState(new ValueStateDescriptor<>("value", Types.LONG));
        ListState<String> list = backend.listState(new ListStateDescriptor<>("list", Types.STRING));
        MapState<String, Long> map = backend.mapState(new MapStateDescriptor<>("map", Types.STRING, Types.LONG));
        ReducingState<Long> sum = backend.reducingState(new ReducingStateDescriptor<>("sum", Long::sum, Types.LONG));
        for (long key = 0; key < 3; key++) {
            backend.setCurrentKey(key);
            value.update(key * 10);
            list.addAll(List.of("a" + key, "b" + key));
            map.put("m" + key, key);
            sum.add(key);
            sum.add(100L);
        }
        backend.setCurrentKey("text");
        value.update(7L);
        map.putAll(Map.of("only", 1L));
        assertEquals(WRITTEN_BEFORE_TTL, HexFormat.of().formatHex(KeyedStateTesting.write(backend.snapshot())));
    }
}
