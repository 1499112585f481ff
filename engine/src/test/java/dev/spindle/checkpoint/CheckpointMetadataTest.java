package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.core.JobId;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code _metadata} format: fixed bytes for a known checkpoint, and clear failures for anything else. */
class CheckpointMetadataTest {
    private static final String SOURCE = "file:/c/chk-7/_metadata";

    /** A small checkpoint with each kind of entry: state bytes, empty bytes, none; a state file, none. */
    static CompletedCheckpoint sample(String pointer) {
        return new CompletedCheckpoint(
                new JobId(0x0123456789ABCDEFL, 0x0FEDCBA987654321L),
                7,
                1000,
                1500,
                List.of(
                        new TaskSnapshot(
                                1,
                                0,
                                false,
                                List.of(
                                        new OperatorSnapshot(
                                                new byte[] {1, 2, 3}, new StateHandle("file:/c/chk-7/s", 42)),
                                        OperatorSnapshot.EMPTY)),
                        new TaskSnapshot(2, 1, true, List.of(new OperatorSnapshot(new byte[0], null)))),
                pointer);
    }

    /** Version 1 of the format, field by field as docs/checkpoints.md lists it. Never change these bytes. */
    static final String GOLDEN_V1 = String.join(
            "",
            "5350434b", // magic "SPCK"
            "00000001", // version
            "0123456789abcdef", // job id, upper
            "0fedcba987654321", // job id, lower
            "0000000000000007", // checkpoint id
            "00000000000003e8", // trigger timestamp 1000
            "00000000000005dc", // completion timestamp 1500
            "00000002", // tasks
            "00000001", // task 1: vertex id
            "00000000", //   subtask index
            "00", //   finished: false
            "00000002", //   operators
            "00000003", //   operator 1: operator state, 3 bytes
            "010203",
            "0000000f", //     keyed state: path, 15 bytes of UTF-8
            "66696c653a2f632f63686b2d372f73", // "file:/c/chk-7/s"
            "000000000000002a", //     size 42
            "ffffffff", //   operator 2: no operator state
            "ffffffff", //     no keyed state
            "00000002", // task 2: vertex id
            "00000001", //   subtask index
            "01", //   finished: true
            "00000001", //   operators
            "00000000", //   operator 1: operator state, 0 bytes
            "ffffffff"); //     no keyed state

    @Test
    void writesTheGoldenBytesOfVersion1() {
        assertEquals(GOLDEN_V1, HexFormat.of().formatHex(CheckpointMetadata.serialize(sample(null))));
    }

    @Test
    void readsTheGoldenBytesOfVersion1() throws IOException {
        CompletedCheckpoint read =
                CheckpointMetadata.deserialize(HexFormat.of().parseHex(GOLDEN_V1), SOURCE, "file:/c/chk-7");
        assertEquals(sample("file:/c/chk-7"), read);
        assertArrayEquals(new byte[0], read.task(2, 1).operators().get(0).operatorState());
        assertEquals(null, read.task(1, 0).operators().get(1).operatorState());
    }

    @Test
    void roundTripsACheckpointWithoutTasks() throws IOException {
        CompletedCheckpoint empty = new CompletedCheckpoint(JobId.generate(), 0, 5, 6, List.of(), "p");
        assertEquals(empty, CheckpointMetadata.deserialize(CheckpointMetadata.serialize(empty), SOURCE, "p"));
    }

    @Test
    void rejectsAnotherMagicNumberNamingTheFile() {
        byte[] bytes = HexFormat.of().parseHex(GOLDEN_V1);
        bytes[0] = 'X';
        IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.deserialize(bytes, SOURCE, "p"));
        assertEquals(
                SOURCE + " is not a Spindle checkpoint metadata file (magic number 0x5850434B, expected 0x5350434B)",
                e.getMessage());
    }

    @Test
    void rejectsAnotherVersionNamingTheFile() {
        byte[] bytes = HexFormat.of().parseHex(GOLDEN_V1);
        bytes[7] = 2;
        IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.deserialize(bytes, SOURCE, "p"));
        assertEquals(
                SOURCE + " has checkpoint metadata version 2, which this Spindle cannot read (it reads version 1)",
                e.getMessage());
    }

    @Test
    void rejectsEveryTruncationNamingTheFile() {
        byte[] bytes = HexFormat.of().parseHex(GOLDEN_V1);
        for (int length = 0; length < bytes.length; length++) {
            byte[] prefix = Arrays.copyOf(bytes, length);
            IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.deserialize(prefix, SOURCE, "p"));
            String message = e.getMessage();
            assertEquals(
                    true,
                    message.startsWith(SOURCE + " is truncated") || message.startsWith(SOURCE + " is corrupt"),
                    "length " + length + ": " + message);
        }
    }

    @Test
    void rejectsBytesAfterTheEnd() {
        byte[] bytes = HexFormat.of().parseHex(GOLDEN_V1 + "00");
        IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.deserialize(bytes, SOURCE, "p"));
        assertEquals(
                SOURCE + " is corrupt: 1 unexpected bytes after the end of the checkpoint metadata", e.getMessage());
    }
}
