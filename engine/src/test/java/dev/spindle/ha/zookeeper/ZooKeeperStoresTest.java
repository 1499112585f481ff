package dev.spindle.ha.zookeeper;

import static dev.spindle.ha.zookeeper.HaTestSupport.start;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.CleanupOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import dev.spindle.ha.CheckpointIdCounter;
import dev.spindle.ha.CheckpointPointerStore;
import dev.spindle.ha.JobGraphStore;
import dev.spindle.ha.LeadershipLostException;
import dev.spindle.ha.RecoveredJob;
import dev.spindle.ha.zookeeper.HaTestSupport.RecordingContender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job graph store, the checkpoint counter and pointers, and the cleanup, on one real ZooKeeper
 * server and the local file system. Each test is a cluster of its own, led by {@link #leader}; a
 * second process ({@link #other}) reads what it wrote.
 */
class ZooKeeperStoresTest {
    @RegisterExtension
    static final ZooKeeperTestServer zooKeeper = new ZooKeeperTestServer();

    @TempDir
    Path storage;

    @TempDir
    Path local;

    private Configuration config;
    private ZooKeeperHaServices leader;
    private ZooKeeperHaServices other;

    @BeforeEach
    void startServices(TestInfo test) throws Exception {
        config = zooKeeper.config(test, storage);
        leader = start(config, "leader");
        RecordingContender contender = new RecordingContender();
        leader.leaderElection().start(contender);
        contender.awaitGrant();
        other = start(config, "other");
    }

    @AfterEach
    void closeServices() {
        other.close();
        leader.close();
    }

    private static JobGraph graph(String name) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        env.fromSequence(1, 100).keyBy(i -> i % 3).sum(0).addSink(v -> {});
        return env.getJobGraph(name);
    }

    private Path jar(String name, String content) throws Exception {
        Path dir = Files.createDirectories(local.resolve("jars-" + name.hashCode()));
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aStoredJobIsRecoveredByAnotherProcessWithItsJarsAndRemovedIdempotently() throws Exception {
        JobGraph graph = graph("stored");
        Path jarA = jar("lib.jar", "first jar");
        Path jarB = jar("job.jar", "second jar");
        Path jarC = local.resolve("other").resolve("lib.jar"); // same name as the first, another directory
        Files.createDirectories(jarC.getParent());
        Files.writeString(jarC, "third jar");
        JobGraphStore store = leader.jobGraphStore();
        store.put(graph, List.of(jarA, jarB, jarC));
        store.put(graph, List.of(jarA, jarB, jarC)); // again: replaces the first put

        assertEquals(List.of(graph.jobId()), List.copyOf(other.jobGraphStore().jobIds()));
        RecoveredJob recovered = other.jobGraphStore()
                .recover(graph.jobId(), local.resolve("recovered"))
                .orElseThrow();
        assertArrayEquals(JobGraphCodec.toBytes(graph), JobGraphCodec.toBytes(recovered.graph()));
        assertEquals(3, recovered.userJars().size());
        assertEquals(List.of("first jar", "second jar", "third jar"), contents(recovered.userJars()));
        assertTrue(recovered.userJars().stream().allMatch(p -> p.startsWith(local.resolve("recovered"))));
        assertArrayEquals(
                JobGraphCodec.toBytes(graph),
                JobGraphCodec.toBytes(other.jobGraphStore().graph(graph.jobId()).orElseThrow()),
                "the graph alone, for a cleanup");
        Path jobDir = storage.resolve("aStoredJobIsRecoveredByAnotherProcessWithItsJarsAndRemovedIdempotently")
                .resolve("jobs")
                .resolve(graph.jobId().toString());
        assertEquals(1, list(jobDir).size(), "one put directory: " + list(jobDir));

        store.remove(graph.jobId());
        store.remove(graph.jobId());
        assertTrue(other.jobGraphStore().jobIds().isEmpty());
        assertTrue(other.jobGraphStore()
                .recover(graph.jobId(), local.resolve("again"))
                .isEmpty());
        assertTrue(other.jobGraphStore().graph(graph.jobId()).isEmpty());
        assertFalse(Files.exists(jobDir));
    }

    @Test
    void onlyTheLeaderStoresJobs() throws Exception {
        JobGraph graph = graph("refused");
        LeadershipLostException refused = assertThrows(
                LeadershipLostException.class, () -> other.jobGraphStore().put(graph, List.of()));
        assertEquals(
                "Refused to store job " + graph.jobId() + ": this JobManager (other) is no longer the leader, it "
                        + "does not lead.",
                refused.getMessage());
        assertTrue(leader.jobGraphStore().jobIds().isEmpty());
        Path jobDir = storage.resolve("onlyTheLeaderStoresJobs")
                .resolve("jobs")
                .resolve(graph.jobId().toString());
        assertEquals(List.of(), list(jobDir), "the refused put's files are gone");
    }

    @Test
    void aMissingJarFailsThePutWithItsName() throws Exception {
        Path missing = local.resolve("missing.jar");
        JobGraph graph = graph("missing jar");
        Exception e = assertThrows(Exception.class, () -> leader.jobGraphStore().put(graph, List.of(missing)));
        assertEquals("Cannot store job " + graph.jobId() + ": its jar " + missing + " does not exist", e.getMessage());
        assertTrue(leader.jobGraphStore().jobIds().isEmpty());
    }

    @Test
    void theCounterIsSharedByProcesses() throws Exception {
        JobId job = JobId.generate();
        CheckpointIdCounter mine = leader.checkpointIdCounter(job);
        CheckpointIdCounter theirs = other.checkpointIdCounter(job);
        assertEquals(1, theirs.get());
        assertEquals(1, mine.getAndIncrement());
        assertEquals(2, theirs.getAndIncrement());
        assertEquals(3, mine.get());
        theirs.setCount(10);
        assertEquals(10, mine.getAndIncrement());
        assertEquals(11, theirs.get());

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Long>>> taken = new ArrayList<>();
            for (CheckpointIdCounter counter : List.of(mine, theirs)) {
                taken.add(threads.submit(() -> {
                    List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        ids.add(counter.getAndIncrement());
                    }
                    return ids;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : taken) {
                all.addAll(f.get());
            }
            assertEquals(100, all.size(), "no id handed out twice");
            assertEquals(11, all.stream().mapToLong(Long::longValue).min().orElseThrow());
            assertEquals(110, all.stream().mapToLong(Long::longValue).max().orElseThrow());
        } finally {
            threads.shutdownNow();
        }
        mine.remove();
        mine.remove();
        assertEquals(1, theirs.get());
        assertEquals(1, theirs.getAndIncrement());
    }

    @Test
    void pointersAreOrderedByIdAndRemovable() throws Exception {
        JobId job = JobId.generate();
        CheckpointPointerStore pointers = leader.checkpointPointerStore(job);
        pointers.add(10, "file:///cp/chk-10");
        pointers.add(2, "file:///cp/chk-2");
        pointers.add(100, "file:///cp/chk-100/_metadata");
        pointers.add(2, "file:///cp/chk-2b");
        assertEquals(
                List.of(2L, 10L, 100L),
                List.copyOf(other.checkpointPointerStore(job).all().keySet()));
        assertEquals(
                "file:///cp/chk-2b", other.checkpointPointerStore(job).all().get(2L));

        pointers.remove(10);
        pointers.remove(10);
        assertEquals(
                Map.of(2L, "file:///cp/chk-2b", 100L, "file:///cp/chk-100/_metadata"),
                other.checkpointPointerStore(job).all());
        pointers.removeAll();
        pointers.removeAll();
        assertTrue(other.checkpointPointerStore(job).all().isEmpty());
        assertNull(
                other.client().checkExists().forPath("/spindle/pointersAreOrderedByIdAndRemovable/checkpoints/" + job));
    }

    @Test
    void cleanupJobDataLeavesNothingOfTheJob() throws Exception {
        JobGraph graph = graph("cleaned");
        JobGraph kept = graph("kept");
        leader.jobGraphStore().put(graph, List.of(jar("a.jar", "a")));
        leader.jobGraphStore().put(kept, List.of());
        leader.checkpointPointerStore(graph.jobId()).add(1, "chk-1");
        leader.checkpointIdCounter(graph.jobId()).getAndIncrement();

        leader.cleanupJobData(graph.jobId());
        leader.cleanupJobData(graph.jobId());

        String cluster = "/spindle/cleanupJobDataLeavesNothingOfTheJob";
        assertEquals(
                List.of(kept.jobId().toString()), other.client().getChildren().forPath(cluster + "/jobgraphs"));
        assertEquals(List.of(), other.client().getChildren().forPath(cluster + "/checkpoints"));
        assertEquals(List.of(), other.client().getChildren().forPath(cluster + "/checkpoint-counter"));
        Path jobs = storage.resolve("cleanupJobDataLeavesNothingOfTheJob").resolve("jobs");
        assertEquals(List.of(jobs.resolve(kept.jobId().toString())), list(jobs));
    }

    @Test
    void closeAndCleanupAllDataLeavesOnlyTheJobResultStore() throws Exception {
        JobGraph graph = graph("all");
        leader.jobGraphStore().put(graph, List.of(jar("a.jar", "a")));
        leader.checkpointPointerStore(graph.jobId()).add(1, "chk-1");
        leader.checkpointIdCounter(graph.jobId()).getAndIncrement();
        String cluster = "closeAndCleanupAllDataLeavesOnlyTheJobResultStore";
        Path entry = Files.createDirectories(storage.resolve("job-result-store").resolve(cluster))
                .resolve(graph.jobId() + ".json");
        Files.writeString(entry, "{}");

        leader.closeAndCleanupAllData();

        assertNull(other.client().checkExists().forPath("/spindle/" + cluster));
        assertEquals(List.of(storage.resolve("job-result-store")), list(storage));
        assertEquals("{}", Files.readString(entry));
    }

    @Test
    void closeAndCleanupAllDataKeepsAJobResultStoreConfiguredInsideTheClusterDirectory(TestInfo test) throws Exception {
        String cluster = test.getTestMethod().orElseThrow().getName();
        Path jrs = storage.resolve(cluster).resolve("results");
        config.set(CleanupOptions.JOB_RESULT_STORE_PATH, jrs.toUri().toString());
        try (ZooKeeperHaServices services = start(config, "inside")) {
            RecordingContender contender = new RecordingContender();
            leader.leaderElection().close();
            services.leaderElection().start(contender);
            contender.awaitGrant();
            services.jobGraphStore().put(graph("inside"), List.of());
            Files.createDirectories(jrs);
            Files.writeString(jrs.resolve("entry.json"), "{}");

            services.closeAndCleanupAllData();
        }
        assertEquals(List.of(jrs), list(storage.resolve(cluster)));
        assertEquals(List.of(jrs.resolve("entry.json")), list(jrs));
    }

    @Test
    void closeAndCleanupAllDataDeletesAnEmptyJobResultStore(TestInfo test) throws Exception {
        String cluster = test.getTestMethod().orElseThrow().getName();
        leader.jobGraphStore().put(graph("empty results"), List.of());
        Path results =
                Files.createDirectories(storage.resolve("job-result-store").resolve(cluster));

        leader.closeAndCleanupAllData();

        assertFalse(Files.exists(results), "no entry left: nothing would read it");
        assertEquals(List.of(storage.resolve("job-result-store")), list(storage));
    }

    private static List<String> contents(List<Path> files) throws Exception {
        List<String> contents = new ArrayList<>();
        for (Path f : files) {
            contents.add(Files.readString(f, StandardCharsets.UTF_8));
        }
        return contents;
    }

    private static List<Path> list(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
