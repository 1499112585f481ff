package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.MapFunction;
import dev.spindle.api.functions.RichFunction;
import dev.spindle.api.functions.RuntimeContext;
import dev.spindle.api.functions.SourceFunction;
import dev.spindle.api.tuple.Tuple2;
import dev.spindle.cluster.taskexecutor.TaskManagerRunner;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobStatus;
import dev.spindle.core.RuntimeExecutionMode;
import dev.spindle.examples.WordCount;
import dev.spindle.graph.JobGraph;
import dev.spindle.metrics.Counter;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.Histogram;
import dev.spindle.metrics.MeterView;
import dev.spindle.metrics.MetricGroup;
import dev.spindle.metrics.ReservoirHistogram;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.security.ClusterSecret;
import dev.spindle.types.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics of a running WordCount on a JobManager and two TaskManagers in this JVM (real
 * sockets): every vertex's and operator's records in and out in the TaskManagers' dumps equal the
 * counts computed here from the input, user metrics appear under their operator, and once the job
 * has finished its task metrics are gone while the job result's counts come from the same counters.
 */
class ClusterMetricsTest {
    private static final int LINES = 300;
    private static final int WORDS_PER_LINE = 7;
    /** Released by the test once it has read the metrics of the running job: then the source ends. */
    static volatile CountDownLatch release;

    private final ClusterSecret secret = ClusterSecret.generate();
    private JobManagerRunner jobManager;
    private TaskManagerRunner tm1;
    private TaskManagerRunner tm2;

    @BeforeEach
    void startCluster() throws Exception {
        Configuration config = new Configuration();
        config.set(ClusterOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(200));
        config.set(ClusterOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(2));
        config.set(ClusterOptions.SLOT_REQUEST_TIMEOUT, Duration.ofSeconds(20));
        jobManager = JobManagerRunner.start(config, secret, null, "127.0.0.1");
        tm1 = TaskManagerRunner.start(config, secret, "tm-1", 1, jobManager.rpcAddress(), "127.0.0.1", () -> {});
        tm2 = TaskManagerRunner.start(config, secret, "tm-2", 1, jobManager.rpcAddress(), "127.0.0.1", () -> {});
        release = new CountDownLatch(1);
    }

    @AfterEach
    void stopCluster() {
        release.countDown();
        tm1.close();
        tm2.close();
        jobManager.close();
    }

    /** The lines "w0 w1 ... w6", "w1 w2 ... w7", ...: every word is two characters long. */
    static String line(int i) {
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < WORDS_PER_LINE; w++) {
            b.append(w == 0 ? "" : " ").append('w').append((i + w) % 10);
        }
        return b.toString();
    }

    /** Emits the lines, then waits (the job keeps running) until the test releases it. */
    static final class BlockingLines implements SourceFunction<String> {
        private static final long serialVersionUID = 1L;
        private volatile boolean cancelled;

        @Override
        public void run(SourceContext<String> context) throws Exception {
            for (int i = 0; i < LINES; i++) {
                context.collect(line(i));
            }
            context.flush();
            while (!cancelled && !release.await(50, TimeUnit.MILLISECONDS)) {
                context.flush();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Registers a counter, a gauge, a meter and a histogram, as a user's function would. */
    static final class Measured implements MapFunction<Tuple2<String, Long>, String>, RichFunction {
        private static final long serialVersionUID = 1L;
        private transient Counter seen;
        private transient Histogram lengths;
        private transient MeterView rate;
        private transient volatile String last;

        @Override
        public void open(RuntimeContext context) {
            MetricGroup user = context.getMetricGroup().addGroup("user");
            seen = user.counter("wordsSeen");
            user.gauge("lastWord", (Gauge<String>) () -> last);
            rate = user.meter("wordsPerSecond", new MeterView(user.counter("wordsForRate")));
            lengths = user.histogram("wordLength", new ReservoirHistogram(100));
        }

        @Override
        public String map(Tuple2<String, Long> value) {
            seen.inc();
            rate.markEvent();
            lengths.update(value.f0.length());
            last = value.f0;
            return value.f0 + "," + value.f1;
        }
    }

    private List<MetricDump> taskManagerDumps() {
        List<MetricDump> all = new ArrayList<>(tm1.metricDumps().dumpMetrics());
        all.addAll(tm2.metricDumps().dumpMetrics());
        return all;
    }

    /** The sum over subtasks of each operator's metric: "operator/name" -> sum. */
    private static Map<String, Long> operatorSums(List<MetricDump> dumps) {
        Map<String, Long> sums = new TreeMap<>();
        for (MetricDump d : dumps) {
            if (d.scope().kind() == QueryScope.Kind.OPERATOR && d.value().matches("-?\\d+")) {
                sums.merge(d.scope().operatorName() + "/" + d.name(), Long.parseLong(d.value()), Long::sum);
            }
        }
        return sums;
    }

    /** The sum over subtasks of each task's counter, by the name of the vertex's head operator. */
    private static Map<String, Long> taskSums(List<MetricDump> dumps, Map<String, String> headOfVertex) {
        Map<String, Long> sums = new TreeMap<>();
        for (MetricDump d : dumps) {
            if (d.scope().kind() == QueryScope.Kind.TASK
                    && d.name().startsWith("num")
                    && !d.name().endsWith("Second")) {
                sums.merge(
                        headOfVertex.get(d.scope().vertexId()) + "/" + d.name(), Long.parseLong(d.value()), Long::sum);
            }
        }
        return sums;
    }

    @Test
    void runningWordCountsMetricsEqualTheInputsCountsAndGoWithItsTasks() throws Exception {
        long words = (long) LINES * WORDS_PER_LINE;
        Configuration jobConfig = new Configuration();
        jobConfig.set(CoreOptions.DEFAULT_PARALLELISM, 2);
        jobConfig.set(CoreOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(jobConfig);
        env.addSource(new BlockingLines(), Types.STRING)
                .name("lines")
                .setParallelism(1)
                .flatMap(new WordCount.Tokenizer())
                .name("tokenizer")
                .returns(Types.tuple(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0)
                .sum(1)
                .name("counts")
                .map(new Measured())
                .name("measured")
                .returns(Types.STRING)
                .addSink(v -> {})
                .name("sink");
        JobGraph graph = env.getJobGraph("metrics of a wordcount");
        jobManager.dispatcher().submitJob(graph, List.of()).get();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, Long> ops = Map.of();
        while (System.nanoTime() < deadline) {
            ops = operatorSums(taskManagerDumps());
            if (ops.getOrDefault("sink/numRecordsIn", 0L) == words
                    && ops.getOrDefault("measured/user.wordsSeen", 0L) == words) {
                break;
            }
            Thread.sleep(20);
        }
        Map<String, Long> expectedOps = new TreeMap<>();
        expectedOps.put("lines/numRecordsIn", 0L);
        expectedOps.put("lines/numRecordsOut", (long) LINES);
        expectedOps.put("tokenizer/numRecordsIn", (long) LINES);
        expectedOps.put("tokenizer/numRecordsOut", words);
        expectedOps.put("counts/numRecordsIn", words);
        expectedOps.put("counts/numRecordsOut", words);
        expectedOps.put("measured/numRecordsIn", words);
        expectedOps.put("measured/numRecordsOut", words);
        expectedOps.put("measured/user.wordsSeen", words);
        expectedOps.put("measured/user.wordsForRate", words);
        expectedOps.put("measured/user.wordLength_count", words);
        expectedOps.put("sink/numRecordsIn", words);
        expectedOps.put("sink/numRecordsOut", 0L);
        Map<String, Long> actualOps = new TreeMap<>(ops);
        actualOps.keySet().retainAll(expectedOps.keySet());
        assertEquals(expectedOps, actualOps);

        List<MetricDump> dumps = taskManagerDumps();
        Map<String, String> headOfVertex = new TreeMap<>();
        for (var v : graph.vertices()) {
            headOfVertex.put(Integer.toString(v.id()), v.operators().get(0).name());
        }
        Map<String, Long> tasks = taskSums(dumps, headOfVertex);
        assertEquals(0L, tasks.get("lines/numRecordsIn"));
        assertEquals(LINES, tasks.get("lines/numRecordsOut"));
        assertEquals(LINES, tasks.get("tokenizer/numRecordsIn"));
        assertEquals(words, tasks.get("tokenizer/numRecordsOut"));
        assertEquals(words, tasks.get("counts/numRecordsIn"));
        assertEquals(0L, tasks.get("counts/numRecordsOut")); // its chain ends in the sink: no exchange
        // Every byte a producer sent, its consumers received.
        assertTrue(tasks.get("lines/numBytesOut") > 0);
        assertEquals(tasks.get("lines/numBytesOut"), tasks.get("tokenizer/numBytesIn"));
        assertEquals(tasks.get("tokenizer/numBytesOut"), tasks.get("counts/numBytesIn"));

        Set<String> taskMetricNames = new TreeSet<>();
        for (MetricDump d : dumps) {
            if (d.scope().kind() == QueryScope.Kind.TASK) {
                taskMetricNames.add(d.name());
            }
            if (d.scope().operatorName().equals("measured") && d.name().equals("user.wordLength_max")) {
                assertEquals("2", d.value()); // every word is two characters long
            }
        }
        assertEquals(
                new TreeSet<>(List.of(
                        "numRecordsIn",
                        "numRecordsOut",
                        "numRecordsInPerSecond",
                        "numRecordsOutPerSecond",
                        "numBytesIn",
                        "numBytesOut",
                        "numBytesInPerSecond",
                        "numBytesOutPerSecond",
                        "busyTimeMsPerSecond",
                        "backPressuredTimeMsPerSecond",
                        "idleTimeMsPerSecond",
                        "buffers.inPoolUsage",
                        "buffers.outPoolUsage")),
                taskMetricNames);

        Map<String, String> job = new TreeMap<>();
        Map<String, String> process = new TreeMap<>();
        for (MetricDump d : jobManager.metricDumps().dumpMetrics()) {
            if (d.scope().kind() == QueryScope.Kind.JOB) {
                assertEquals(graph.jobId().toString(), d.scope().jobId());
                job.put(d.name(), d.value());
            } else if (d.scope().kind() == QueryScope.Kind.JOB_MANAGER) {
                process.put(d.name(), d.value());
            }
        }
        assertEquals("0", job.get("numRestarts"));
        assertEquals("0", job.get("totalNumberOfCheckpoints"));
        assertEquals("-1", job.get("lastCheckpointDuration"));
        assertEquals("2", process.get("numRegisteredTaskManagers"));
        assertEquals("2", process.get("taskSlotsTotal"));
        assertEquals("1", process.get("numRunningJobs"));
        assertTrue(Long.parseLong(process.get("Status.JVM.Memory.Heap.Used")) > 0);

        release.countDown();
        JobExecutionResult result =
                jobManager.dispatcher().jobResult(graph.jobId()).get(60, TimeUnit.SECONDS);
        String tokenizerVertex = graph.vertices().stream()
                .filter(v -> v.operators().get(0).name().equals("tokenizer"))
                .findFirst()
                .orElseThrow()
                .name();
        assertEquals(LINES, result.counter(tokenizerVertex + ".numRecordsIn"));
        assertEquals(words, result.counter(tokenizerVertex + ".numRecordsOut"));
        assertEquals(
                JobStatus.FINISHED,
                jobManager.dispatcher().requestJob(graph.jobId()).get().status());
        // The finished tasks' metrics left the TaskManagers' registries; the job's left the JobManager's.
        for (MetricDump d : taskManagerDumps()) {
            assertEquals(QueryScope.Kind.TASK_MANAGER, d.scope().kind(), d.toString());
        }
        for (MetricDump d : jobManager.metricDumps().dumpMetrics()) {
            assertEquals(QueryScope.Kind.JOB_MANAGER, d.scope().kind(), d.toString());
        }
    }
}
