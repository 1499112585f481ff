package dev.spindle.graph;

import dev.spindle.core.JobId;
import dev.spindle.core.RuntimeExecutionMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job graph's wire and file format: a versioned binary structure whose user-code payloads
 * stay opaque bytes. Reading it runs no user code; payloads are deserialized only where tasks
 * are set up, with the job's class loader.
 *
 * <pre>
 * magic "SPJG" | version u16 | jobId 2×i64 | name | mode | maxParallelism i32
 * | config: n, (key, value)* | vertices: n, (id, name, parallelism, maxParallelism, source, bounded,
 *   ops: n, (name, operator id, uid-or-absent, stateful, bytes)*)*
 * | edges: n, (id, source, target, partitioning, keySelector bytes-or-empty, type bytes, type name)*
 * </pre>
 * Numbers are big-endian ({@link DataOutputStream}): counts {@code n}, ids, parallelisms and
 * lengths are i32, booleans one byte (0 or 1). Strings are an i32 byte length and UTF-8; byte
 * arrays an i32 length and the bytes, length -1 for absent (the key selector of a non-HASH
 * edge, the uid of an operator without one). The mode and the partitioning are the names of their enum constants, as strings. The
 * configuration is written in ascending order of its keys ({@link String#compareTo}), so that a
 * graph has one encoding (the graph's map has no order of its own). A reader rejects any version
 * but {@value #VERSION}. {@code JobGraphCodecGoldenTest} holds a graph's bytes, field by field.
 *
 * <p>Versions: 1 had no operator ids, uids or statefulness; 2 added them; 3 adds each vertex's max
 * parallelism (the job's stays as the default of vertices whose operators set none).
 */
public final class JobGraphCodec {
    private static final int MAGIC = 0x53504A47; // "SPJG"
    private static final int VERSION = 3;
    /** Upper bound on any length in the format, so that corrupt input fails fast instead of allocating. */
    private static final int MAX_LENGTH = 256 << 20;

    private JobGraphCodec() {}

    public static byte[] toBytes(JobGraph graph) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try {
            write(graph, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen on a byte array
        }
        return bytes.toByteArray();
    }

    public static JobGraph fromBytes(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes));
    }

    public static void write(JobGraph g, OutputStream os) throws IOException {
        DataOutputStream out = new DataOutputStream(os);
        out.writeInt(MAGIC);
        out.writeShort(VERSION);
        out.writeLong(g.jobId().upper());
        out.writeLong(g.jobId().lower());
        writeString(out, g.name());
        writeString(out, g.runtimeMode().name());
        out.writeInt(g.maxParallelism());
        out.writeInt(g.configuration().size());
        // Map.copyOf's iteration order changes from one JVM to the next.
        for (Map.Entry<String, String> e : new TreeMap<>(g.configuration()).entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        out.writeInt(g.vertices().size());
        for (JobVertex v : g.vertices()) {
            out.writeInt(v.id());
            writeString(out, v.name());
            out.writeInt(v.parallelism());
            out.writeInt(v.maxParallelism());
            out.writeBoolean(v.source());
            out.writeBoolean(v.bounded());
            out.writeInt(v.operators().size());
            for (JobVertex.ChainedOperator op : v.operators()) {
                writeString(out, op.name());
                writeString(out, op.operatorId());
                writeBytes(out, op.uid() == null ? null : op.uid().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.writeBoolean(op.stateful());
                writeBytes(out, op.payload());
            }
        }
        out.writeInt(g.edges().size());
        for (JobEdge e : g.edges()) {
            out.writeInt(e.id());
            out.writeInt(e.source());
            out.writeInt(e.target());
            writeString(out, e.partitioning().name());
            writeBytes(out, e.keySelectorPayload());
            writeBytes(out, e.typePayload());
            writeString(out, e.typeName());
        }
        out.flush();
    }

    /** Reads a graph; malformed input gives an IOException that says what is wrong. */
    public static JobGraph read(InputStream is) throws IOException {
        DataInputStream in = new DataInputStream(is);
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Spindle job graph (bad magic number)");
        }
        int version = in.readUnsignedShort();
        if (version != VERSION) {
            throw new IOException(
                    "job graph format version " + version + " is not supported (this build reads " + VERSION + ")");
        }
        JobId jobId = new JobId(in.readLong(), in.readLong());
        String name = readString(in);
        RuntimeExecutionMode mode = readEnum(in, RuntimeExecutionMode.class);
        int maxParallelism = in.readInt();
        int configSize = readCount(in);
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < configSize; i++) {
            config.put(readString(in), readString(in));
        }
        int vertexCount = readCount(in);
        List<JobVertex> vertices = new ArrayList<>();
        for (int i = 0; i < vertexCount; i++) {
            int id = in.readInt();
            String vname = readString(in);
            int parallelism = in.readInt();
            int vertexMaxParallelism = in.readInt();
            boolean source = in.readBoolean();
            boolean bounded = in.readBoolean();
            int opCount = readCount(in);
            List<JobVertex.ChainedOperator> ops = new ArrayList<>();
            for (int j = 0; j < opCount; j++) {
                String opName = readString(in);
                String operatorId = readString(in);
                byte[] uid = readBytes(in);
                boolean stateful = in.readBoolean();
                byte[] payload = readBytes(in);
                if (payload == null) {
                    throw new IOException("operator '" + opName + "' has no payload");
                }
                try {
                    ops.add(new JobVertex.ChainedOperator(
                            opName,
                            operatorId,
                            uid == null ? null : new String(uid, java.nio.charset.StandardCharsets.UTF_8),
                            stateful,
                            payload));
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            try {
                vertices.add(new JobVertex(id, vname, parallelism, vertexMaxParallelism, source, bounded, ops));
            } catch (IllegalArgumentException e) {
                throw new IOException("invalid job graph: " + e.getMessage(), e);
            }
        }
        int edgeCount = readCount(in);
        List<JobEdge> edges = new ArrayList<>();
        for (int i = 0; i < edgeCount; i++) {
            int id = in.readInt();
            int source = in.readInt();
            int target = in.readInt();
            Partitioning.Kind kind = readEnum(in, Partitioning.Kind.class);
            byte[] keySelector = readBytes(in);
            byte[] type = readBytes(in);
            if (type == null) {
                throw new IOException("edge " + id + " has no record type");
            }
            edges.add(new JobEdge(id, source, target, kind, keySelector, type, readString(in)));
        }
        try {
            return new JobGraph(jobId, name, mode, maxParallelism, config, vertices, edges);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid job graph: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        if (b == null) {
            throw new IOException("missing string");
        }
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len == -1) {
            return null;
        }
        if (len < 0 || len > MAX_LENGTH) {
            throw new IOException("corrupt job graph: length " + len);
        }
        byte[] b = in.readNBytes(len);
        if (b.length != len) {
            throw new IOException("truncated job graph");
        }
        return b;
    }

    private static int readCount(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("corrupt job graph: count " + n);
        }
        return n;
    }

    private static <E extends Enum<E>> E readEnum(DataInputStream in, Class<E> type) throws IOException {
        String s = readString(in);
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt job graph: unknown " + type.getSimpleName() + " '" + s + "'", e);
        }
    }
}
