package dev.spindle.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.sinks.WriteMode;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.examples.WordCount;
import dev.spindle.runtime.local.LocalJobRunner;
import dev.spindle.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiling programs into job graphs, and job graphs into bytes and back. */
class JobGraphTest {
    @TempDir
    Path dir;

    private JobGraph wordCountGraph(Path input, Path output, RuntimeExecutionMode mode) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.setRuntimeMode(mode);
        env.readTextFile(input.toString())
                .flatMap(new WordCount.Tokenizer())
                .name("Tokenizer")
                .returns(Types.tuple(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0)
                .sum(1)
                .map(t -> t.f0 + "," + t.f1)
                .name("Format")
                .returns(Types.STRING)
                .writeAsText(output.toString(), WriteMode.OVERWRITE)
                .name("Sink");
        return env.getJobGraph("wc");
    }

    @Test
    void operatorsChainWhereTheExchangeIsForward() {
        JobGraph batch = wordCountGraph(dir.resolve("in"), dir.resolve("out"), RuntimeExecutionMode.BATCH);
        assertEquals(
                List.of(
                        "Source: Read " + dir.resolve("in") + " -> Tokenizer -> Combine Sum(1)",
                        "Sum(1) -> Format -> Sink"),
                batch.vertices().stream().map(JobVertex::name).toList());
        assertEquals(1, batch.edges().size());
        assertEquals(Partitioning.Kind.HASH, batch.edges().get(0).partitioning());
        assertEquals(
                "Tuple2<Generic, Tuple2<String, Long>>", batch.edges().get(0).typeName());

        JobGraph streaming = wordCountGraph(dir.resolve("in"), dir.resolve("out"), RuntimeExecutionMode.STREAMING);
        assertEquals(2, streaming.vertices().size());
        assertEquals("Tuple2<String, Long>", streaming.edges().get(0).typeName());
        assertEquals(RuntimeExecutionMode.STREAMING, streaming.runtimeMode());
    }

    @Test
    void aGraphRoundTripsThroughBytesAndRuns() throws Exception {
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "a b a\nc a b\n");
        Path output = dir.resolve("out");
        JobGraph graph = wordCountGraph(input, output, RuntimeExecutionMode.BATCH);

        byte[] bytes = JobGraphCodec.toBytes(graph);
        JobGraph back = JobGraphCodec.fromBytes(bytes);
        assertEquals(graph.jobId(), back.jobId());
        assertEquals(graph.name(), back.name());
        assertEquals(graph.configuration(), back.configuration());
        assertEquals(graph.vertices().size(), back.vertices().size());
        for (int i = 0; i < graph.vertices().size(); i++) {
            JobVertex a = graph.vertices().get(i);
            JobVertex b = back.vertices().get(i);
            assertEquals(
                    List.of(a.id(), a.name(), a.parallelism(), a.source()),
                    List.of(b.id(), b.name(), b.parallelism(), b.source()));
            for (int j = 0; j < a.operators().size(); j++) {
                assertArrayEquals(
                        a.operators().get(j).payload(), b.operators().get(j).payload());
            }
        }
        assertArrayEquals(bytes, JobGraphCodec.toBytes(back), "the encoding is stable");

        JobExecutionResult result = new LocalJobRunner(back, getClass().getClassLoader())
                .start()
                .getJobExecutionResult()
                .get(30, TimeUnit.SECONDS);
        assertEquals(graph.jobId(), result.jobId());
        List<String> lines = readParts(output);
        assertEquals(List.of("a,3", "b,2", "c,1"), lines);
    }

    private static List<String> readParts(Path dir) throws IOException {
        try (var parts = Files.list(dir)) {
            return parts.flatMap(p -> {
                        try {
                            return Files.readAllLines(p).stream();
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    })
                    .sorted()
                    .toList();
        }
    }

    @Test
    void malformedBytesAreRejectedWithAReason() {
        JobGraph graph = wordCountGraph(dir.resolve("in"), dir.resolve("out"), RuntimeExecutionMode.BATCH);
        byte[] bytes = JobGraphCodec.toBytes(graph);
        IOException magic = assertThrows(IOException.class, () -> JobGraphCodec.fromBytes("GET / HTTP/1.1".getBytes()));
        assertTrue(magic.getMessage().contains("not a Spindle job graph"));
        for (int cut : new int[] {5, 20, bytes.length / 2, bytes.length - 1}) {
            assertThrows(IOException.class, () -> JobGraphCodec.fromBytes(Arrays.copyOf(bytes, cut)), "cut at " + cut);
        }
        byte[] huge = bytes.clone();
        huge[4 + 2 + 16] = 0x7f; // the job name's length
        IOException corrupt = assertThrows(IOException.class, () -> JobGraphCodec.fromBytes(huge));
        assertTrue(corrupt.getMessage().contains("corrupt"), corrupt.getMessage());
    }
}
