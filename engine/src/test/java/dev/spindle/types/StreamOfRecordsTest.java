package dev.spindle.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.api.tuple.Tuple2;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Many records back to back in one buffer, the way the network layer fills its buffers. */
class StreamOfRecordsTest {

    record Event(String user, long timestamp, int kind, Double score, Object payload) {}

    @Test
    void manyRecordsReadBackInOrder() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        TypeSerializer<Tuple2<String, Long>> tuples =
                Types.tuple(Types.STRING, Types.LONG).createSerializer(SerializerTesting.LOADER);
        TypeSerializer<Event> events = Types.record(Event.class).createSerializer(SerializerTesting.LOADER);
        List<Tuple2<String, Long>> tupleValues = new ArrayList<>();
        List<Event> eventValues = new ArrayList<>();
        DataOutputView out = new DataOutputView(64);
        for (int i = 0; i < 20_000; i++) {
            Tuple2<String, Long> tuple = Tuple2.of("word" + random.nextInt(1000), random.nextLong());
            Event event = new Event(
                    i % 7 == 0 ? null : "u" + i,
                    1_700_000_000_000L + i,
                    random.nextInt(),
                    i % 3 == 0 ? null : random.nextDouble(),
                    i % 2 == 0 ? List.of(i) : "p" + i);
            tupleValues.add(tuple);
            eventValues.add(event);
            tuples.serialize(tuple, out);
            events.serialize(event, out);
        }
        // Read from a region in the middle of a larger array, as from a pooled buffer.
        byte[] buffer = new byte[out.length() + 20];
        System.arraycopy(out.sharedBuffer(), 0, buffer, 10, out.length());
        DataInputView in = new DataInputView();
        in.setBuffer(buffer, 10, out.length());
        for (int i = 0; i < tupleValues.size(); i++) {
            assertEquals(tupleValues.get(i), tuples.deserialize(in));
            assertEquals(eventValues.get(i), events.deserialize(in));
        }
        assertEquals(0, in.available());
    }
}
