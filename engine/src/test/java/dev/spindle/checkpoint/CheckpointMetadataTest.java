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

    private static final String OP_A = "0123456789abcdef0123456789abcdef";
    private static final String OP_B = "fedcba9876543210fedcba9876543210";

    /**
     * A small savepoint with each kind of entry: state bytes, empty bytes, none; a state file in
     * its directory (written relative), one elsewhere (written whole), none. Task 1 has its own
     * max parallelism 7, task 2 the job's, 128.
     */
    static CompletedCheckpoint sample(String pointer) {
        return sample(pointer, 7);
    }

    /** {@link #sample(String)} with task 1's max parallelism {@code firstMaxParallelism}. */
    static CompletedCheckpoint sample(String pointer, int firstMaxParallelism) {
        return new CompletedCheckpoint(
                new JobId(0x0123456789ABCDEFL, 0x0FEDCBA987654321L),
                7,
                1000,
                1500,
                true,
                128,
                List.of(
                        new TaskSnapshot(
                                1,
                                0,
                                2,
                                firstMaxParallelism,
                                false,
                                List.of(
                                        new OperatorSnapshot(
                                                OP_A, new byte[] {1, 2, 3}, new StateHandle("file:/c/chk-7/s", 42)),
                                        new OperatorSnapshot(OP_B, null, new StateHandle("hdfs://nn/x/t", 5)))),
                        new TaskSnapshot(2, 1, 2, 128, true, List.of(new OperatorSnapshot(OP_A, new byte[0], null)))),
                pointer);
    }

    /** Version 3 of the format, field by field as docs/checkpoints.md lists it. Never change these bytes. */
    static final String GOLDEN_V3 = String.join(
            "",
            "5350434b", // magic "SPCK"
            "00000003", // version
            "0123456789abcdef", // job id, upper
            "0fedcba987654321", // job id, lower
            "0000000000000007", // checkpoint id
            "00000000000003e8", // trigger timestamp 1000
            "00000000000005dc", // completion timestamp 1500
            "01", // kind: savepoint
            "00000080", // the job's max parallelism 128
            "00000002", // tasks
            "00000001", // task 1: vertex id
            "00000000", //   subtask index
            "00000002", //   parallelism
            "00000007", //   max parallelism 7
            "00", //   finished: false
            "00000002", //   operators
            "00000020", //   operator 1: id, 32 bytes of UTF-8
            "3031323334353637383961626364656630313233343536373839616263646566",
            "00000003", //     operator state, 3 bytes
            "010203",
            "00000001", //     keyed state: path relative to the directory, 1 byte
            "73", // "s"
            "000000000000002a", //     size 42
            "00000020", //   operator 2: id
            "6665646362613938373635343332313066656463626139383736353433323130",
            "ffffffff", //     no operator state
            "0000000d", //     keyed state: a path elsewhere, 13 bytes, whole
            "686466733a2f2f6e6e2f782f74", // "hdfs://nn/x/t"
            "0000000000000005", //     size 5
            "00000002", // task 2: vertex id
            "00000001", //   subtask index
            "00000002", //   parallelism
            "00000080", //   max parallelism 128
            "01", //   finished: true
            "00000001", //   operators
            "00000020", //   operator 1: id
            "3031323334353637383961626364656630313233343536373839616263646566",
            "00000000", //     operator state, 0 bytes
            "ffffffff"); //     no keyed state

    /**
     * Version 2 of the format, as the build before max parallelism per operator wrote it: no max
     * parallelism per task. Still read; never change these bytes.
     */
    static final String GOLDEN_V2 = String.join(
            "",
            "5350434b", // magic "SPCK"
            "00000002", // version
            "0123456789abcdef", // job id, upper
            "0fedcba987654321", // job id, lower
            "0000000000000007", // checkpoint id
            "00000000000003e8", // trigger timestamp 1000
            "00000000000005dc", // completion timestamp 1500
            "01", // kind: savepoint
            "00000080", // max parallelism 128
            "00000002", // tasks
            "00000001", // task 1: vertex id
            "00000000", //   subtask index
            "00000002", //   parallelism
            "00", //   finished: false
            "00000002", //   operators
            "00000020", //   operator 1: id, 32 bytes of UTF-8
            "3031323334353637383961626364656630313233343536373839616263646566",
            "00000003", //     operator state, 3 bytes
            "010203",
            "00000001", //     keyed state: path relative to the directory, 1 byte
            "73", // "s"
            "000000000000002a", //     size 42
            "00000020", //   operator 2: id
            "6665646362613938373635343332313066656463626139383736353433323130",
            "ffffffff", //     no operator state
            "0000000d", //     keyed state: a path elsewhere, 13 bytes, whole
            "686466733a2f2f6e6e2f782f74", // "hdfs://nn/x/t"
            "0000000000000005", //     size 5
            "00000002", // task 2: vertex id
            "00000001", //   subtask index
            "00000002", //   parallelism
            "01", //   finished: true
            "00000001", //   operators
            "00000020", //   operator 1: id
            "3031323334353637383961626364656630313233343536373839616263646566",
            "00000000", //     operator state, 0 bytes
            "ffffffff"); //     no keyed state

    /** The first bytes of a version 1 file, as the build before savepoints wrote it. */
    static final String V1_PREFIX = "5350434b" + "00000001" + "0123456789abcdef0fedcba987654321";

    @Test
    void writesTheGoldenBytesOfVersion3() {
        assertEquals(GOLDEN_V3, HexFormat.of().formatHex(CheckpointMetadata.serialize(sample(null), "file:/c/chk-7")));
    }

    @Test
    void version3RoundTripsEachTasksMaxParallelism() throws IOException {
        CompletedCheckpoint read =
                CheckpointMetadata.deserialize(HexFormat.of().parseHex(GOLDEN_V3), SOURCE, "file:/c/chk-7");
        assertEquals(sample("file:/c/chk-7"), read);
        assertEquals(7, read.task(1, 0).maxParallelism());
        assertEquals(128, read.task(2, 1).maxParallelism());
        assertEquals(
                read, CheckpointMetadata.deserialize(CheckpointMetadata.serialize(read, "x"), SOURCE, "file:/c/chk-7"));
    }

    @Test
    void version2IsReadWithTheJobsMaxParallelismForEveryTask() throws IOException {
        CompletedCheckpoint read =
                CheckpointMetadata.deserialize(HexFormat.of().parseHex(GOLDEN_V2), SOURCE, "file:/c/chk-7");
        assertEquals(sample("file:/c/chk-7", 128), read);
        assertEquals(128, read.task(1, 0).maxParallelism());
    }

    @Test
    void readsTheGoldenBytesResolvingRelativePathsWhereItIsRead() throws IOException {
        CompletedCheckpoint read =
                CheckpointMetadata.deserialize(HexFormat.of().parseHex(GOLDEN_V3), SOURCE, "file:/c/chk-7");
        assertEquals(sample("file:/c/chk-7"), read);
        assertArrayEquals(new byte[0], read.task(2, 1).operators().get(0).operatorState());
        assertEquals(null, read.task(1, 0).operators().get(1).operatorState());
        CompletedCheckpoint moved =
                CheckpointMetadata.deserialize(HexFormat.of().parseHex(GOLDEN_V3), SOURCE, "hdfs://other/moved");
        assertEquals(
                "hdfs://other/moved/s",
                moved.task(1, 0).operators().get(0).keyedState().path());
        assertEquals(
                "hdfs://nn/x/t",
                moved.task(1, 0).operators().get(1).keyedState().path());
        assertEquals(java.util.Set.of(OP_A, OP_B), read.operatorIds());
    }

    @Test
    void roundTripsACheckpointWithoutTasks() throws IOException {
        CompletedCheckpoint empty = new CompletedCheckpoint(JobId.generate(), 0, 5, 6, false, 1, List.of(), "p");
        assertEquals(empty, CheckpointMetadata.deserialize(CheckpointMetadata.serialize(empty, "p"), SOURCE, "p"));
    }

    @Test
    void refusesVersion1NamingBoth() {
        byte[] bytes = HexFormat.of().parseHex(V1_PREFIX + "0000000000000007");
        IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.deserialize(bytes, SOURCE, "p"));
        assertEquals(
                SOURCE + " has checkpoint metadata version 1, which this Spindle cannot read (it reads versions 2 and"
                        + " 3)",
                e.getMessage());
    }

    @Test
    void rejectsAnotherMagicNumberNamingTheFile() {
        byte[] bytes = HexFormat.of().parseHex(GOLDEN_V3);
        bytes[0] = 'X';
        IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.deserialize(bytes, SOURCE, "p"));
        assertEquals(
                SOURCE + " is not a Spindle checkpoint or savepoint metadata file (magic number 0x5850434B, expected"
                        + " 0x5350434B)",
                e.getMessage());
    }

    @Test
    void rejectsAnotherVersionNamingTheFile() {
        byte[] bytes = HexFormat.of().parseHex(GOLDEN_V3);
        bytes[7] = 4;
        IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.deserialize(bytes, SOURCE, "p"));
        assertEquals(
                SOURCE + " has checkpoint metadata version 4, which this Spindle cannot read (it reads versions 2 and"
                        + " 3)",
                e.getMessage());
    }

    @Test
    void rejectsEveryTruncationNamingTheFile() {
        for (String golden : List.of(GOLDEN_V2, GOLDEN_V3)) {
            byte[] bytes = HexFormat.of().parseHex(golden);
            for (int length = 0; length < bytes.length; length++) {
                byte[] prefix = Arrays.copyOf(bytes, length);
                IOException e =
                        assertThrows(IOException.class, () -> CheckpointMetadata.deserialize(prefix, SOURCE, "p"));
                String message = e.getMessage();
                assertEquals(
                        true,
                        message.startsWith(SOURCE + " is truncated") || message.startsWith(SOURCE + " is corrupt"),
                        "length " + length + ": " + message);
            }
        }
    }

    @Test
    void rejectsATaskMaxParallelismBelowOne() {
        byte[] bytes = HexFormat.of().parseHex(GOLDEN_V3.replace("0000000200000007", "0000000200000000"));
        IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.deserialize(bytes, SOURCE, "p"));
        assertEquals(SOURCE + " is corrupt: max parallelism 0 of task 1/0", e.getMessage());
    }

    @Test
    void rejectsBytesAfterTheEnd() {
        byte[] bytes = HexFormat.of().parseHex(GOLDEN_V3 + "00");
        IOException e = assertThrows(IOException.class, () -> CheckpointMetadata.deserialize(bytes, SOURCE, "p"));
        assertEquals(
                SOURCE + " is corrupt: 1 unexpected bytes after the end of the checkpoint metadata", e.getMessage());
    }
}
