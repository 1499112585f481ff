package dev.spindle.state;

import static dev.spindle.state.KeyedStateTesting.ALL;
import static dev.spindle.state.KeyedStateTesting.MAX_PARALLELISM;
import static dev.spindle.state.KeyedStateTesting.restore;
import static dev.spindle.state.KeyedStateTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.types.KeyGroupRange;
import dev.spindle.types.Types;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedStateFileTest {

    @Test
    void theLayoutOfAnEmptyFileIsHeaderSectionsIndexAndTrailer() throws IOException {
        byte[] file = write(new HeapKeyedStateBackend(new KeyGroupRange(3, 4), MAX_PARALLELISM).snapshot());
        ByteBuffer buf = ByteBuffer.wrap(file);
        // magic, version; header frame (13 bytes: max parallelism, range, no states) at 8;
        // sections of key groups 3 and 4 (5 bytes each) at 29 and 42; index (28 bytes) at 55; trailer.
        assertEquals(103, file.length);
        assertEquals(0x53504B53, buf.getInt(0));
        assertEquals(1, buf.getInt(4));
        assertEquals(13, buf.getInt(8));
        assertEquals(MAX_PARALLELISM, buf.getInt(12));
        assertEquals(3, buf.getInt(16));
        assertEquals(4, buf.getInt(20));
        assertEquals(5, buf.getInt(29));
        assertEquals(3, buf.getInt(33));
        assertEquals(4, buf.getInt(46));
        assertEquals(28, buf.getInt(55));
        assertEquals(2, buf.getInt(59));
        assertEquals(3, buf.getInt(63));
        assertEquals(29L, buf.getLong(67));
        assertEquals(4, buf.getInt(75));
        assertEquals(42L, buf.getLong(79));
        assertEquals(55L, buf.getLong(91));
        assertEquals(0x53504B45, buf.getInt(99));
    }

    @Test
    void aTruncatedFileFailsWithAClearMessage() throws IOException {
        byte[] file = fileWithValues();
        for (int length : new int[] {0, 3, 8, 20, file.length / 2, file.length - 13, file.length - 1}) {
            byte[] cut = Arrays.copyOf(file, length);
            IOException e = assertThrows(IOException.class, () -> restore(ALL, cut), "cut at " + length);
            assertTrue(
                    e.getMessage().startsWith("cannot restore keyed state: keyed state file 1 of 1 is truncated"),
                    e.getMessage());
        }
    }

    @Test
    void aCorruptByteIsFoundByTheChecksum() throws IOException {
        byte[] file = fileWithValues();
        file[file.length / 2] ^= 0x10;
        IOException e = assertThrows(IOException.class, () -> restore(ALL, file));
        assertTrue(
                e.getMessage()
                        .startsWith("cannot restore keyed state from keyed state file 1 of 1: "
                                + "corrupt keyed state file: checksum mismatch in key group "),
                e.getMessage());
    }

    @Test
    void anotherFileOrVersionIsRejected() throws IOException {
        IOException notOurs =
                assertThrows(IOException.class, () -> restore(ALL, "PK\u0003\u0004 a zip file".getBytes("ISO-8859-1")));
        assertEquals(
                "cannot restore keyed state from keyed state file 1 of 1: not a Spindle keyed state file"
                        + " (magic 0x504b0304)",
                notOurs.getMessage());

        byte[] file = fileWithValues();
        ByteBuffer.wrap(file).putInt(4, 99);
        IOException version = assertThrows(IOException.class, () -> restore(ALL, file));
        assertEquals(
                "cannot restore keyed state from keyed state file 1 of 1: the file has format version 99,"
                        + " this Spindle reads version 1",
                version.getMessage());
    }

    @Test
    void anotherMaxParallelismIsRejected() throws IOException {
        byte[] file = fileWithValues();
        IOException e = assertThrows(
                IOException.class,
                () -> HeapKeyedStateBackend.restore(
                        new KeyGroupRange(0, 255),
                        256,
                        getClass().getClassLoader(),
                        List.of(new ByteArrayInputStream(file))));
        assertEquals(
                "cannot restore keyed state from keyed state file 1 of 1: the state was written with max parallelism"
                        + " 128 and cannot be restored with max parallelism 256; the max parallelism of an operator"
                        + " must stay the same across restores",
                e.getMessage());
    }

    @Test
    void aKeyGroupInTwoFilesIsRejected() throws IOException {
        byte[] file = fileWithValues();
        IOException e = assertThrows(IOException.class, () -> restore(ALL, file, file));
        assertTrue(
                e.getMessage()
                        .startsWith("cannot restore keyed state from keyed state file 2 of 2: key group 0 is"
                                + " in more than one file"),
                e.getMessage());
    }

    private static byte[] fileWithValues() throws IOException {
        HeapKeyedStateBackend backend = new HeapKeyedStateBackend(ALL, MAX_PARALLELISM);
        ValueState<String> state = backend.valueState(new ValueStateDescriptor<>("v", Types.STRING));
        for (Object key : KeyedStateTesting.keysIn(ALL, MAX_PARALLELISM, 1000)) {
            backend.setCurrentKey(key);
            state.update("value of " + key);
        }
        return write(backend.snapshot());
    }
}
