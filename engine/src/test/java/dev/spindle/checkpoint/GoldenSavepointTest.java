package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.api.state.ListStateDescriptor;
import dev.spindle.api.state.ValueState;
import dev.spindle.api.state.ValueStateDescriptor;
import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.examples.KeyedCount;
import dev.spindle.graph.OperatorIds;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.state.DefaultOperatorStateStore;
import dev.spindle.state.HeapKeyedStateBackend;
import dev.spindle.types.KeyHashing;
import dev.spindle.types.Types;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A savepoint directory written by this version (format 3) is checked in under {@code
 * src/test/resources/dev/spindle/checkpoint/golden-savepoint-v3}, and the one of the version before
 * (format 2) under {@code golden-savepoint-v2}; every later version must restore them. Each holds the
 * keyed count of {@link KeyedCount} (uids {@code records}, {@code count-per-key}) stopped at
 * parallelism 2 after records [0, 500) and [1000, 1500) of 2000, ten keys: every key counted to 100.
 * Restored at parallelism 3, the job must emit counts 101..200 of every key and nothing else. In
 * version 2 every operator has the job's max parallelism, 128; in version 3 {@code count-per-key}
 * has its own, 7 (the source and the sink the job's), so the restored job must set it again.
 *
 * <p>The directory is built field by field from the state APIs, not by running a job, so that it
 * is the same bytes every time: {@link #theGoldenSavepointIsWhatThisVersionWrites} fails when the
 * format changes (a new format needs a new version and a new golden directory, and the old one
 * stays, with its restore test). To write it again after a deliberate change of this version's format: {@code mvn -pl
 * engine test -Dtest=GoldenSavepointTest -Dspindle.golden.regenerate=true}.
 */
class GoldenSavepointTest {
    static final String RESOURCE = "dev/spindle/checkpoint/golden-savepoint-v3";
    static final String RESOURCE_V2 = "dev/spindle/checkpoint/golden-savepoint-v2";
    static final long RECORDS = 2000;
    static final long KEYS = 10;
    static final int MAX_PARALLELISM = 128;
    /** The max parallelism of {@code count-per-key} in the version 3 savepoint. */
    static final int COUNT_MAX_PARALLELISM = 7;

    @TempDir
    Path dir;

    @Test
    void theGoldenSavepointIsWhatThisVersionWrites() throws Exception {
        Path built = dir.resolve("built");
        write(built);
        if (Boolean.getBoolean("spindle.golden.regenerate")) {
            Path source = Path.of("src/test/resources").resolve(RESOURCE);
            Files.createDirectories(source);
            for (Path f : list(built)) {
                Files.copy(f, source.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path golden = goldenDirectory(RESOURCE);
        assertEquals(names(built), names(golden));
        for (Path f : list(built)) {
            assertArrayEquals(
                    Files.readAllBytes(f),
                    Files.readAllBytes(golden.resolve(f.getFileName())),
                    f.getFileName() + " differs: the savepoint format changed without a new version");
        }
    }

    @Test
    void theGoldenSavepointRestoresAtAnotherParallelismSomewhereElse() throws Exception {
        assertEquals(expectedAfterRestore(), restore(RESOURCE, COUNT_MAX_PARALLELISM));
    }

    @Test
    void theVersion2GoldenSavepointStillRestoresWithTheJobsMaxParallelism() throws Exception {
        assertEquals(expectedAfterRestore(), restore(RESOURCE_V2, -1));
    }

    @Test
    void theVersion3GoldenSavepointRefusesAnotherMaxParallelismOfItsKeyedOperator() throws Exception {
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> restore(RESOURCE, -1));
        String message = String.valueOf(e.getCause().getMessage());
        assertTrue(
                message.contains("the keyed state of operator 'Keyed Process' (operator id "
                        + OperatorIds.fromUid("count-per-key") + ", uid 'count-per-key')"),
                message);
        assertTrue(
                message.contains("has max parallelism 7, but the operator now has max parallelism 128; keyed state"
                        + " keeps its max parallelism: give that operator setMaxParallelism(7)"),
                message);
    }

    private static List<String> expectedAfterRestore() {
        List<String> expected = new ArrayList<>();
        for (long k = 0; k < KEYS; k++) {
            for (long c = 101; c <= 200; c++) {
                expected.add(k + "," + c);
            }
        }
        expected.sort(null);
        return expected;
    }

    /**
     * Runs the keyed count at parallelism 3 to its end from the savepoint {@code resource}, with
     * {@code count-per-key}'s max parallelism {@code countMaxParallelism} (&le; 0: the job's), and
     * returns its committed output.
     */
    private List<String> restore(String resource, int countMaxParallelism) throws Exception {
        // Copied away from where it was written: its state files are found relative to _metadata.
        Path moved = dir.resolve("moved/savepoint");
        Files.createDirectories(moved);
        for (Path f : list(goldenDirectory(resource))) {
            Files.copy(f, moved.resolve(f.getFileName()));
        }
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_PATH, moved.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(3);
        env.enableCheckpointing(100);
        long keys = KEYS;
        Path out = dir.resolve("out");
        dev.spindle.api.DataStream<String> counted = env.fromGenerator(RECORDS, i -> i, Types.LONG)
                .uid("records")
                .keyBy(i -> i % keys)
                .process(new KeyedCount.CountPerKey())
                .uid("count-per-key")
                .returns(Types.STRING);
        if (countMaxParallelism > 0) {
            counted.setMaxParallelism(countMaxParallelism);
        }
        counted.writeAsText(out.toString(), WriteMode.OVERWRITE).uid("counts");
        LocalJobRunner job =
                new LocalJobRunner(env.getJobGraph("golden"), GoldenSavepointTest.class.getClassLoader()).start();
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, job.jobMaster().status());
        return KeyedCountOutput.committedLines(out);
    }

    /** Writes the golden savepoint's files into {@code target}. */
    static void write(Path target) throws IOException {
        Files.createDirectories(target);
        String location = target.toUri().toString().replaceAll("/$", "");
        JobId jobId = new JobId(0x5350494e444c4531L, 0x676f6c64656e3031L);
        String records = OperatorIds.fromUid("records");
        String count = OperatorIds.fromUid("count-per-key");
        String counts = OperatorIds.fromUid("counts");
        List<TaskSnapshot> tasks = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            // The source's split list: one range {next, end} each, as AbstractSource encodes it.
            long start = s * 1000L;
            DefaultOperatorStateStore store =
                    new DefaultOperatorStateStore(GoldenSavepointTest.class.getClassLoader(), null);
            store.getListState(new ListStateDescriptor<>("splits", Types.BYTES))
                    .add(ByteBuffer.allocate(20)
                            .putInt(1)
                            .putLong(start + 500)
                            .putLong(start + 1000)
                            .array());
            tasks.add(new TaskSnapshot(
                    1,
                    s,
                    2,
                    MAX_PARALLELISM,
                    false,
                    List.of(new OperatorSnapshot(records, store.snapshot().toBytes(), null))));
        }
        int countMax = COUNT_MAX_PARALLELISM;
        for (int s = 0; s < 2; s++) {
            HeapKeyedStateBackend backend =
                    new HeapKeyedStateBackend(KeyHashing.rangeForOperator(countMax, 2, s), countMax);
            ValueState<Long> state = backend.valueState(new ValueStateDescriptor<>("count", Types.LONG, 0L));
            for (long k = 0; k < KEYS; k++) {
                if (backend.keyGroupRange().contains(KeyHashing.keyGroupFor(k, countMax))) {
                    backend.setCurrentKey(k);
                    state.update(100L);
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            backend.snapshot().writeTo(bytes);
            String name = "keyed-" + s;
            try (OutputStream file = Files.newOutputStream(target.resolve(name))) {
                file.write(bytes.toByteArray());
            }
            StateHandle handle = new StateHandle(location + "/" + name, bytes.size());
            // Its own max parallelism keeps count-per-key out of the sink's chain: a vertex of its own.
            tasks.add(new TaskSnapshot(2, s, 2, countMax, false, List.of(new OperatorSnapshot(count, null, handle))));
            tasks.add(new TaskSnapshot(
                    3, s, 2, MAX_PARALLELISM, false, List.of(new OperatorSnapshot(counts, null, null))));
        }
        CompletedCheckpoint savepoint = new CompletedCheckpoint(
                jobId, 7, 1_800_000_000_000L, 1_800_000_000_250L, true, MAX_PARALLELISM, tasks, null);
        Files.write(target.resolve("_metadata"), CheckpointMetadata.serialize(savepoint, location));
    }

    private static Path goldenDirectory(String resource) throws Exception {
        java.net.URL url = GoldenSavepointTest.class.getClassLoader().getResource(resource + "/_metadata");
        assertTrue(url != null, resource + " is not on the test class path");
        return Path.of(url.toURI()).getParent();
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    private static Map<String, Long> names(Path directory) throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        for (Path f : list(directory)) {
            sizes.put(f.getFileName().toString(), Files.size(f));
        }
        return sizes;
    }
}
