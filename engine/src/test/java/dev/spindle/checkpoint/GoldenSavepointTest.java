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
 * A savepoint directory written by this version (format 2) is checked in under {@code
 * src/test/resources/dev/spindle/checkpoint/golden-savepoint-v2}; every later version must restore
 * it. It holds the keyed count of {@link KeyedCount} (uids {@code records}, {@code count-per-key})
 * stopped at parallelism 2 after records [0, 500) and [1000, 1500) of 2000, ten keys: every key
 * counted to 100. Restored at parallelism 3, the job must emit counts 101..200 of every key and
 * nothing else.
 *
 * <p>The directory is built field by field from the state APIs, not by running a job, so that it
 * is the same bytes every time: {@link #theGoldenSavepointIsWhatThisVersionWrites} fails when the
 * format changes (a new format needs a new version and a new golden directory, and the old one
 * stays). To write it again after a deliberate change of this version's format: {@code mvn -pl
 * engine test -Dtest=GoldenSavepointTest -Dspindle.golden.regenerate=true}.
 */
class GoldenSavepointTest {
    static final String RESOURCE = "dev/spindle/checkpoint/golden-savepoint-v2";
    static final long RECORDS = 2000;
    static final long KEYS = 10;
    static final int MAX_PARALLELISM = 128;

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
        Path golden = goldenDirectory();
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
        // Copied away from where it was written: its state files are found relative to _metadata.
        Path moved = dir.resolve("moved/savepoint");
        Files.createDirectories(moved);
        for (Path f : list(goldenDirectory())) {
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
        env.fromGenerator(RECORDS, i -> i, Types.LONG)
                .uid("records")
                .keyBy(i -> i % keys)
                .process(new KeyedCount.CountPerKey())
                .uid("count-per-key")
                .returns(Types.STRING)
                .writeAsText(out.toString(), WriteMode.OVERWRITE)
                .uid("counts");
        LocalJobRunner job =
                new LocalJobRunner(env.getJobGraph("golden"), GoldenSavepointTest.class.getClassLoader()).start();
        job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, job.jobMaster().status());

        List<String> expected = new ArrayList<>();
        for (long k = 0; k < KEYS; k++) {
            for (long c = 101; c <= 200; c++) {
                expected.add(k + "," + c);
            }
        }
        expected.sort(null);
        assertEquals(expected, KeyedCountOutput.committedLines(out));
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
                    false,
                    List.of(new OperatorSnapshot(records, store.snapshot().toBytes(), null))));
        }
        for (int s = 0; s < 2; s++) {
            HeapKeyedStateBackend backend =
                    new HeapKeyedStateBackend(KeyHashing.rangeForOperator(MAX_PARALLELISM, 2, s), MAX_PARALLELISM);
            ValueState<Long> state = backend.valueState(new ValueStateDescriptor<>("count", Types.LONG, 0L));
            for (long k = 0; k < KEYS; k++) {
                if (backend.keyGroupRange().contains(KeyHashing.keyGroupFor(k, MAX_PARALLELISM))) {
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
            tasks.add(new TaskSnapshot(
                    2,
                    s,
                    2,
                    false,
                    List.of(new OperatorSnapshot(count, null, handle), new OperatorSnapshot(counts, null, null))));
        }
        CompletedCheckpoint savepoint = new CompletedCheckpoint(
                jobId, 7, 1_800_000_000_000L, 1_800_000_000_250L, true, MAX_PARALLELISM, tasks, null);
        Files.write(target.resolve("_metadata"), CheckpointMetadata.serialize(savepoint, location));
    }

    private static Path goldenDirectory() throws Exception {
        java.net.URL url = GoldenSavepointTest.class.getClassLoader().getResource(RESOURCE + "/_metadata");
        assertTrue(url != null, RESOURCE + " is not on the test class path");
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
