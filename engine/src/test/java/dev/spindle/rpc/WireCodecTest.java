package dev.spindle.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.types.DataInputView;
import dev.spindle.types.DataOutputView;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Malformed bytes fail with IOException and never allocate what the bytes claim. */
class WireCodecTest {
    public record Positive(int value) {
        public Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("not positive: " + value);
            }
        }
    }

    public interface Shapes {
        CompletableFuture<List<String>> strings();

        CompletableFuture<Map<String, List<Positive>>> nested();

        CompletableFuture<TestingGateway.Kind> kind();
    }

    private static ValueCodec codec(String method) throws Exception {
        Type t = ((java.lang.reflect.ParameterizedType)
                        Shapes.class.getMethod(method).getGenericReturnType())
                .getActualTypeArguments()[0];
        return WireCodec.forType(t);
    }

    @Test
    void nestedGenericsRoundTrip() throws Exception {
        ValueCodec nested = codec("nested");
        DataOutputView out = new DataOutputView(16);
        Map<String, List<Positive>> value = Map.of("a", List.of(new Positive(1), new Positive(2)));
        nested.write(out, value);
        assertEquals(value, nested.read(new DataInputView(out.toByteArray())));
    }

    @Test
    void aHugeCountIsRejectedBeforeAllocating() throws Exception {
        DataOutputView out = new DataOutputView(16);
        out.writeBoolean(true);
        out.writeVarInt(Integer.MAX_VALUE);
        IOException e =
                assertThrows(IOException.class, () -> codec("strings").read(new DataInputView(out.toByteArray())));
        assertTrue(e.getMessage().contains("malformed count"), e.getMessage());
    }

    @Test
    void unknownEnumConstantsAndInvalidRecordsAreRejected() throws Exception {
        DataOutputView out = new DataOutputView(16);
        out.writeBoolean(true);
        out.writeString("NO_SUCH_KIND");
        assertThrows(IOException.class, () -> codec("kind").read(new DataInputView(out.toByteArray())));

        DataOutputView bad = new DataOutputView(16);
        bad.writeBoolean(true);
        bad.writeVarInt(1);
        bad.writeBoolean(true);
        bad.writeString("a");
        bad.writeBoolean(true);
        bad.writeVarInt(1);
        bad.writeBoolean(true);
        bad.writeInt(-5);
        IOException e =
                assertThrows(IOException.class, () -> codec("nested").read(new DataInputView(bad.toByteArray())));
        assertTrue(e.getMessage().contains("not positive: -5"), e.getMessage());
    }

    @Test
    void truncatedInputIsAnIOException() throws Exception {
        DataOutputView out = new DataOutputView(16);
        codec("strings").write(out, List.of("hello", "world"));
        byte[] bytes = out.toByteArray();
        DataInputView truncated = new DataInputView();
        truncated.setBuffer(bytes, 0, bytes.length - 3);
        assertThrows(IOException.class, () -> codec("strings").read(truncated));
    }
}
