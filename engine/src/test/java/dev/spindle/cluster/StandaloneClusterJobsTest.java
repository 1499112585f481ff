package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.JobClient;
import dev.spindle.api.JobExecutionResult;
import dev.spindle.api.JobId;
import dev.spindle.api.RuntimeExecutionMode;
import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.examples.WordCount;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.JobExecutionResultResponse;
import dev.spindle.rest.RestMessages.TaskManagerInfo;
import dev.spindle.runtime.sinks.WriteMode;
import dev.spindle.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs on a standalone cluster of real processes: a JobManager process and two TaskManager
 * processes of one slot each, which it starts. The cluster is shared by the tests of this class;
 * each starts from two idle TaskManagers (the killed one is replaced by the JobManager, which
 * keeps two slots).
 */
class StandaloneClusterJobsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static StandaloneClusterProcess cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneClusterProcess.start(dir.resolve("cluster"), Map.of("slotmanager.number-of-slots.min", "2"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close(); // fails if a process is left behind
        }
    }

    private List<TaskManagerInfo> taskManagers;

    @BeforeEach
    void twoIdleTaskManagers() throws Exception {
        taskManagers = cluster.awaitIdleTaskManagers(2, TIMEOUT);
    }

    @Test
    void wordCountAcrossTwoTaskManagerProcessesMatchesExpectedAndLocalRun() throws Exception {
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = writeWords(input, 400_000);

        Path clusterOut = dir.resolve("wc-cluster");
        JobExecutionResult result = wordCount(cluster.environment(2), input, clusterOut).execute("wordcount on processes");
        Path localOut = dir.resolve("wc-local");
        wordCount(StreamExecutionEnvironment.createLocalEnvironment(2), input, localOut).execute("wordcount locally");

        Map<String, List<String>> onCluster = partFiles(clusterOut);
        assertEquals(Set.of("part-0", "part-1"), onCluster.keySet());
        assertEquals(expected, counts(onCluster), "cluster output differs from the counts computed here");
        // Same key groups in every JVM: each part holds the same words in both runs.
        assertEquals(partFiles(localOut), onCluster, "cluster output differs from the local run's");

        // Both TaskManager processes ran a part of it: each logged starting tasks of this job.
        JobId job = result.jobId();
        assertEquals("FINISHED", cluster.job(job).state());
        for (TaskManagerInfo tm : taskManagers) {
            assertFalse(cluster.logLines("of job " + job).stream().noneMatch(l -> l.startsWith(tm.id() + ":")),
                    "no task of the job ran on " + tm.id());
        }
    }

    private static StreamExecutionEnvironment wordCount(StreamExecutionEnvironment env, Path input, Path output) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.readTextFile(input.toString())
                .flatMap(new WordCount.Tokenizer()).returns(Types.tuple(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0).sum(1)
                .map(t -> t.f0 + "," + t.f1).returns(Types.STRING)
                .writeAsText(output.toString(), WriteMode.OVERWRITE);
        return env;
    }

    /** About {@code bytes} of skewed random words, ten a line; returns their counts. */
    private static Map<String, Long> writeWords(Path file, int bytes) throws IOException {
        Random random = new Random(20240601);
        Map<String, Long> counts = new TreeMap<>();
        StringBuilder text = new StringBuilder(bytes + 100);
        while (text.length() < bytes) {
            for (int i = 0; i < 10; i++) {
                String w = "w" + (int) (Math.pow(random.nextDouble(), 3) * 5000);
                text.append(w).append(i == 9 ? '\n' : ' ');
                counts.merge(w, 1L, Long::sum);
            }
        }
        Files.writeString(file, text);
        return counts;
    }

    /** Part file name → its lines, sorted. */
    private static Map<String, List<String>> partFiles(Path dir) throws IOException {
        Map<String, List<String>> parts = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                List<String> lines = new ArrayList<>(Files.readAllLines(p));
                lines.sort(null);
                parts.put(p.getFileName().toString(), lines);
            }
        }
        return parts;
    }

    private static Map<String, Long> counts(Map<String, List<String>> parts) {
        Map<String, Long> counts = new TreeMap<>();
        parts.values().forEach(lines -> lines.forEach(l -> {
            int comma = l.lastIndexOf(',');
            Long previous = counts.put(l.substring(0, comma), Long.parseLong(l.substring(comma + 1)));
            assertEquals(null, previous, "word twice in the output: " + l);
        }));
        return counts;
    }
}
