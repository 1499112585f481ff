package dev.spindle.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.core.JobId;
import dev.spindle.core.RuntimeExecutionMode;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The job graph's bytes against a checked-in known answer, {@code golden-job-graph-v3.hex}, written
 * field by field from the format in {@link JobGraphCodec}'s Javadoc by
 * {@code engine/src/test/python/golden_vectors.py --job-graph}, without Spindle. A client and a
 * cluster exchange these bytes, so a change of the format must come with a new version number,
 * never silently; do not regenerate the file to make this test pass. The files of older versions
 * ({@code -v1}, {@code -v2}) stay, to show that they are refused.
 */
class JobGraphCodecGoldenTest {

    /** The graph of the golden file: opaque payloads, so that no user-code serialization is involved. */
    static JobGraph goldenGraph() {
        // Not in key order: the codec writes the configuration sorted.
        Map<String, String> config = new LinkedHashMap<>();
        config.put("pipeline.name", "golden");
        config.put("execution.buffer-timeout", "100 ms");
        config.put("a", "\u00fc");
        List<JobVertex> vertices = List.of(
                new JobVertex(
                        1,
                        "Source: numbers",
                        2,
                        128,
                        true,
                        true,
                        List.of(new JobVertex.ChainedOperator(
                                "Source: numbers", "0123456789abcdef0123456789abcdef", "numbers", true, new byte[] {
                                    (byte) 0xca, (byte) 0xfe
                                }))),
                new JobVertex(
                        2,
                        "Map -> Sink",
                        3,
                        7,
                        false,
                        true,
                        List.of(
                                new JobVertex.ChainedOperator(
                                        "Map", "00000000000000000000000000000001", null, true, new byte[] {1, 2, 3}),
                                new JobVertex.ChainedOperator(
                                        "Sink",
                                        "ffffffffffffffffffffffffffffffff",
                                        "sink-\u00fc",
                                        false,
                                        new byte[0]))),
                new JobVertex(
                        3,
                        "Side",
                        1,
                        128,
                        false,
                        false,
                        List.of(new JobVertex.ChainedOperator(
                                "Side", "abcdefabcdefabcdefabcdefabcdefab", null, false, new byte[] {-1}))));
        List<JobEdge> edges = List.of(
                new JobEdge(
                        7, 1, 2, Partitioning.Kind.HASH, new byte[] {0x6b}, new byte[] {0x74}, "Tuple2<String, Long>"),
                new JobEdge(8, 1, 3, Partitioning.Kind.REBALANCE, null, new byte[] {0x75}, "String"));
        return new JobGraph(
                new JobId(0x0123456789abcdefL, 0xfedcba9876543210L),
                "golden",
                RuntimeExecutionMode.BATCH,
                128,
                config,
                vertices,
                edges);
    }

    /** The golden file's bytes: hex digits, whitespace ignored, '#' to the end of a line a comment. */
    static byte[] goldenBytes() throws IOException {
        return goldenBytes("golden-job-graph-v3.hex");
    }

    static byte[] goldenBytes(String name) throws IOException {
        try (InputStream in = JobGraphCodecGoldenTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the test class path");
            }
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int comment = line.indexOf('#');
                hex.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
            }
            return HexFormat.of().parseHex(hex);
        }
    }

    @Test
    void theGraphIsWrittenAsTheGoldenBytes() throws IOException {
        assertEquals(
                HexFormat.of().formatHex(goldenBytes()),
                HexFormat.of().formatHex(JobGraphCodec.toBytes(goldenGraph())));
    }

    @Test
    void theGoldenBytesReadAsTheGraph() throws IOException {
        JobGraph graph = JobGraphCodec.fromBytes(goldenBytes());
        assertEquals(new JobId(0x0123456789abcdefL, 0xfedcba9876543210L), graph.jobId());
        assertEquals("golden", graph.name());
        assertEquals(RuntimeExecutionMode.BATCH, graph.runtimeMode());
        assertEquals(128, graph.maxParallelism());
        assertEquals(
                Map.of("pipeline.name", "golden", "execution.buffer-timeout", "100 ms", "a", "\u00fc"),
                graph.configuration());

        assertEquals(3, graph.vertices().size());
        JobVertex source = graph.vertices().get(0);
        assertEquals(
                List.of(1, "Source: numbers", 2, 128, true, true),
                List.of(
                        source.id(),
                        source.name(),
                        source.parallelism(),
                        source.maxParallelism(),
                        source.source(),
                        source.bounded()));
        assertEquals("Source: numbers", source.operators().get(0).name());
        assertArrayEquals(
                new byte[] {(byte) 0xca, (byte) 0xfe}, source.operators().get(0).payload());
        JobVertex chain = graph.vertices().get(1);
        assertEquals(
                List.of(2, "Map -> Sink", 3, 7, false, true),
                List.of(
                        chain.id(),
                        chain.name(),
                        chain.parallelism(),
                        chain.maxParallelism(),
                        chain.source(),
                        chain.bounded()));
        assertEquals(
                List.of("Map", "Sink"),
                chain.operators().stream().map(JobVertex.ChainedOperator::name).toList());
        assertArrayEquals(new byte[] {1, 2, 3}, chain.operators().get(0).payload());
        assertArrayEquals(new byte[0], chain.operators().get(1).payload());
        JobVertex side = graph.vertices().get(2);
        assertEquals(
                List.of(3, "Side", 1, 128, false, false),
                List.of(
                        side.id(),
                        side.name(),
                        side.parallelism(),
                        side.maxParallelism(),
                        side.source(),
                        side.bounded()));
        assertArrayEquals(new byte[] {-1}, side.operators().get(0).payload());

        assertEquals(2, graph.edges().size());
        JobEdge hash = graph.edges().get(0);
        assertEquals(
                List.of(7, 1, 2, Partitioning.Kind.HASH, "Tuple2<String, Long>"),
                List.of(hash.id(), hash.source(), hash.target(), hash.partitioning(), hash.typeName()));
        assertArrayEquals(new byte[] {0x6b}, hash.keySelectorPayload());
        assertArrayEquals(new byte[] {0x74}, hash.typePayload());
        JobEdge rebalance = graph.edges().get(1);
        assertEquals(
                List.of(8, 1, 3, Partitioning.Kind.REBALANCE, "String"),
                List.of(
                        rebalance.id(),
                        rebalance.source(),
                        rebalance.target(),
                        rebalance.partitioning(),
                        rebalance.typeName()));
        assertNull(rebalance.keySelectorPayload());
        assertArrayEquals(new byte[] {0x75}, rebalance.typePayload());
    }

    @Test
    void anotherFormatVersionIsRejectedNamingBoth() throws IOException {
        for (int version : new int[] {0, 1, 2, 4, 0xffff}) {
            byte[] bytes = goldenBytes();
            bytes[4] = (byte) (version >>> 8); // the version follows the 4-byte magic
            bytes[5] = (byte) version;
            IOException e = assertThrows(IOException.class, () -> JobGraphCodec.fromBytes(bytes));
            assertEquals(
                    "job graph format version " + version + " is not supported (this build reads 3)", e.getMessage());
        }
        // The bytes of version 1 (no operator ids), as the build before savepoints wrote them.
        IOException e =
                assertThrows(IOException.class, () -> JobGraphCodec.fromBytes(goldenBytes("golden-job-graph-v1.hex")));
        assertEquals("job graph format version 1 is not supported (this build reads 3)", e.getMessage());
        // The bytes of version 2 (no max parallelism per vertex), as the build before it wrote them.
        e = assertThrows(IOException.class, () -> JobGraphCodec.fromBytes(goldenBytes("golden-job-graph-v2.hex")));
        assertEquals("job graph format version 2 is not supported (this build reads 3)", e.getMessage());
    }

    @Test
    void aVertexMaxParallelismOutsideTheRangeIsRejected() throws IOException {
        byte[] bytes = goldenBytes();
        JobGraph graph = goldenGraph();
        byte[] good = JobGraphCodec.toBytes(graph);
        // vertex 2's max parallelism 7 is the only i32 of value 7 after the vertex's parallelism 3
        int at = indexOf(good, new byte[] {0, 0, 0, 3, 0, 0, 0, 7});
        bytes[at + 7] = 0;
        IOException e = assertThrows(IOException.class, () -> JobGraphCodec.fromBytes(bytes));
        assertEquals(
                "invalid job graph: vertex 'Map -> Sink': max parallelism must be in [1, 32768], was 0",
                e.getMessage());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void operatorIdsUidsAndStatefulnessAreRead() throws IOException {
        JobGraph graph = JobGraphCodec.fromBytes(goldenBytes());
        JobVertex.ChainedOperator source = graph.vertices().get(0).operators().get(0);
        assertEquals(
                List.of("0123456789abcdef0123456789abcdef", "numbers", true),
                List.of(source.operatorId(), source.uid(), source.stateful()));
        JobVertex.ChainedOperator sink = graph.vertices().get(1).operators().get(1);
        assertEquals(
                List.of("ffffffffffffffffffffffffffffffff", "sink-\u00fc", false),
                List.of(sink.operatorId(), sink.uid(), sink.stateful()));
        assertNull(graph.vertices().get(1).operators().get(0).uid());
    }

    /**
     * A graph's configuration map (Map.copyOf) iterates in an order that changes from one JVM to the
     * next, so without sorting, the same graph had different bytes in different processes. These
     * ten keys came out of Map.copyOf in 20 different orders in 300 JVMs, never in key order, so an
     * unsorted writer fails here.
     */
    @Test
    void theConfigurationIsWrittenInKeyOrder() throws IOException {
        List<String> sorted = List.of(
                "akka.ask.timeout",
                "classloader.resolve-order",
                "execution.buffer-timeout",
                "jobmanager.memory.process.size",
                "parallelism.default",
                "pipeline.name",
                "rest.port",
                "state.backend",
                "taskmanager.numberOfTaskSlots",
                "yarn.application.name");
        Map<String, String> config = new LinkedHashMap<>();
        for (int i : new int[] {5, 2, 4, 8, 7, 6, 3, 0, 9, 1}) {
            config.put(sorted.get(i), "v" + i);
        }
        JobGraph g = goldenGraph();
        JobGraph graph =
                new JobGraph(g.jobId(), g.name(), g.runtimeMode(), g.maxParallelism(), config, g.vertices(), g.edges());

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(JobGraphCodec.toBytes(graph)));
        in.skipNBytes(4 + 2 + 16); // magic, version, job id
        readString(in); // name
        readString(in); // mode
        in.readInt(); // max parallelism
        int entries = in.readInt();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            keys.add(readString(in));
            readString(in);
        }
        assertEquals(sorted, keys);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
    }
}
