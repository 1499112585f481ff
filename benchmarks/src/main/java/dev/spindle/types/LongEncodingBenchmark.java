package dev.spindle.types;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The microbenchmark behind the choice of zig-zag var-longs for {@link Types#LONG}: fixed 8-byte
 * against var-length encoding, written and read back, for value distributions that jobs produce.
 * The score is nanoseconds per value, written and read.
 *
 * <p>In the package {@code dev.spindle.types} so that it measures {@link LongSerializer}'s own
 * static write and read, which are package-private, without the boxing of the public serializer.
 * Run it with {@code scripts/bench micro} (JMH's options follow, e.g.
 * {@code scripts/bench micro LongEncoding -f 1}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(LongEncodingBenchmark.N)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LongEncodingBenchmark {
    static final int N = 1 << 16;

    /** The value distributions: keys, small counts, timestamps, and the worst case for var-longs. */
    @Param({"keys", "counts", "epochMillis", "uniform"})
    public String distribution;

    private long[] values;
    private final DataOutputView out = new DataOutputView(N * 10);
    private final DataInputView in = new DataInputView();

    @Setup(Level.Trial)
    public void generate() {
        SplittableRandom random = new SplittableRandom(42);
        values = new long[N];
        for (int i = 0; i < N; i++) {
            values[i] = switch (distribution) {
                case "keys" -> random.nextLong(100_000);
                case "counts" -> random.nextLong(1_000);
                case "epochMillis" -> 1_700_000_000_000L + random.nextLong(100_000_000L);
                case "uniform" -> random.nextLong();
                default -> throw new IllegalArgumentException("unknown distribution " + distribution);
            };
        }
    }

    /** Writes and reads back every value as 8 bytes; the sum keeps the reads alive. */
    @Benchmark
    public long fixed() throws IOException {
        out.clear();
        for (long v : values) {
            out.writeLong(v);
        }
        in.setBuffer(out.sharedBuffer(), 0, out.length());
        long sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += in.readLong();
        }
        return sum;
    }

    /** Writes and reads back every value as a zig-zag var-long, as {@link Types#LONG} does. */
    @Benchmark
    public long varLength() throws IOException {
        out.clear();
        for (long v : values) {
            LongSerializer.write(v, out);
        }
        in.setBuffer(out.sharedBuffer(), 0, out.length());
        long sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += LongSerializer.read(in);
        }
        return sum;
    }
}
