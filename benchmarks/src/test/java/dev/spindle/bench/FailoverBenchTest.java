package dev.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.bench.FailoverRun.Failover;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailoverBenchTest {
    private static final String[] REQUIRED = {
        "--spindle", "s", "--jar", "j", "--conf-dir", "c", "--work", "/w", "--quorum", "localhost:2181"
    };

    private static FailoverArguments parse(String... more) {
        String[] argv = new String[REQUIRED.length + more.length];
        System.arraycopy(REQUIRED, 0, argv, 0, REQUIRED.length);
        System.arraycopy(more, 0, argv, REQUIRED.length, more.length);
        return FailoverArguments.parse(argv);
    }

    @Test
    void argumentsHaveDefaults() {
        FailoverArguments a = parse();
        assertEquals(
                new FailoverArguments(
                        Path.of("s"),
                        Path.of("j"),
                        Path.of("c"),
                        Path.of("/w"),
                        "localhost:2181",
                        3,
                        500_000,
                        100_000,
                        20_000,
                        1000,
                        2,
                        List.of()),
                a);
    }

    @Test
    void argumentsTakeOptionsAndRepeatedSettings() {
        FailoverArguments a = parse(
                "--runs",
                "5",
                "--records",
                "1000",
                "--keys",
                "10",
                "--rate",
                "100",
                "--interval-ms",
                "200",
                "--checkpoints-before-kill",
                "3",
                "-D",
                "a=1",
                "-D",
                "b=2");
        assertEquals(5, a.runs());
        assertEquals(1000, a.records());
        assertEquals(10, a.keys());
        assertEquals(100, a.rate());
        assertEquals(200, a.intervalMillis());
        assertEquals(3, a.checkpointsBeforeKill());
        assertEquals(List.of("a=1", "b=2"), a.settings());
    }

    @Test
    void badArgumentsAreRejectedWithTheOptionNamed() {
        assertEquals(
                "--quorum is missing",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> FailoverArguments.parse(
                                        new String[] {"--spindle", "s", "--jar", "j", "--conf-dir", "c", "--work", "w"
                                        }))
                        .getMessage());
        assertEquals(
                "unknown option --restart-delay-ms",
                assertThrows(IllegalArgumentException.class, () -> parse("--restart-delay-ms", "5"))
                        .getMessage());
        assertEquals(
                "--runs needs a whole number >= 1, got '0'",
                assertThrows(IllegalArgumentException.class, () -> parse("--runs", "0"))
                        .getMessage());
        assertEquals(
                "option --runs has no value",
                assertThrows(IllegalArgumentException.class, () -> parse("--runs"))
                        .getMessage());
        assertEquals(
                "--records must be at most 2147483639",
                assertThrows(IllegalArgumentException.class, () -> parse("--records", "3000000000"))
                        .getMessage());
    }

    @Test
    void theCommandRunsTheKeyedCountPerJobWithHighAvailabilityAndTheUsersSettingsLast() {
        FailoverArguments a = parse("-D", "restart-strategy.fixed-delay.attempts=9");
        List<String> command = FailoverBench.submitCommand(a, Path.of("/w/run-1"), Path.of("/w/run-1/output"));
        assertEquals(
                List.of(
                        "s",
                        "run",
                        "-t",
                        "yarn-per-job",
                        "-d",
                        "--yarn-conf-dir",
                        "c",
                        "-D",
                        "high-availability.type=zookeeper",
                        "-D",
                        "high-availability.zookeeper.quorum=localhost:2181",
                        "-D",
                        "high-availability.storageDir=file:///w/ha",
                        "-D",
                        "restart-strategy.type=fixed-delay",
                        "-D",
                        "restart-strategy.fixed-delay.attempts=3",
                        "-D",
                        "restart-strategy.fixed-delay.delay=100 ms",
                        "-D",
                        "taskmanager.numberOfTaskSlots=1",
                        "-D",
                        "state.checkpoints.dir=file:///w/run-1/checkpoints",
                        "-D",
                        "restart-strategy.fixed-delay.attempts=9",
                        "-p",
                        "2",
                        "-c",
                        "dev.spindle.examples.KeyedCount",
                        "j",
                        "--records",
                        "500000",
                        "--keys",
                        "100000",
                        "--parallelism",
                        "2",
                        "--checkpoint-interval",
                        "1000",
                        "--output",
                        "/w/run-1/output",
                        "--rate",
                        "20000"),
                command);
    }

    @Test
    void onlyATrackingUrlOfAnotherRestEndpointIsTheNewLeaders() {
        assertTrue(FailoverBench.isNewEndpoint("http://host:4001", "http://host:4000/"));
        assertFalse(FailoverBench.isNewEndpoint("http://host:4000", "http://host:4000/"));
        assertFalse(FailoverBench.isNewEndpoint("N/A", "http://host:4000"));
        assertFalse(FailoverBench.isNewEndpoint("", "http://host:4000"));
        assertFalse(FailoverBench.isNewEndpoint(null, "http://host:4000"));
    }

    private static FailoverRun run(int n, long toRunning, Set<String> before, Set<String> after, Set<String> seen) {
        return new FailoverRun(
                n,
                9_000,
                6_000,
                new Failover(900 + n, 1_500, 3_000, toRunning, toRunning + 500),
                before,
                after,
                seen,
                "SUCCEEDED",
                new ExactlyOnceCheck.Result(1000, 0, 0, 0));
    }

    @Test
    void containersAreKeptOnlyWhenTheSameOnesRunAndNoOtherStarted() {
        Set<String> tms = Set.of("c_2", "c_3");
        assertTrue(run(1, 4_000, tms, tms, tms).containersKept());
        assertTrue(run(1, 4_000, tms, tms, tms).passed());
        FailoverRun replaced = run(1, 4_000, tms, Set.of("c_2", "c_5"), Set.of("c_2", "c_5"));
        assertFalse(replaced.containersKept());
        assertFalse(replaced.passed());
        assertEquals(Set.of("c_5"), replaced.newContainers());
        FailoverRun extra = run(1, 4_000, tms, tms, Set.of("c_2", "c_3", "c_6"));
        assertFalse(extra.containersKept());
        assertEquals(Set.of("c_6"), extra.newContainers());
        assertFalse(run(1, 4_000, Set.of(), Set.of(), Set.of()).containersKept());
    }

    @Test
    void theFiguresAreMediansWithTheRatioToTheApplicationsStart() {
        Set<String> tms = Set.of("c_2", "c_3");
        FailoverArguments a = parse();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FailoverRun.printFigures(
                a,
                List.of(
                        run(1, 4_000, tms, tms, tms),
                        run(2, 3_000, tms, tms, tms),
                        run(3, 5_000, tms, Set.of("c_2", "c_7"), tms)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\nruns=3\n"), out);
        assertTrue(out.contains("\napp_start_to_running_ms=6000\n"), out);
        assertTrue(out.contains("\nkill_to_attempt_ms=902\n"), out);
        assertTrue(out.contains("\nkill_to_running_ms=4000\nkill_to_running_max_ms=5000\n"), out);
        assertTrue(out.contains("\nkill_to_running_runs_ms=4000,3000,5000\n"), out);
        assertTrue(out.contains("\nkill_to_checkpoint_ms=4500\n"), out);
        assertTrue(out.contains("\ncontainers_kept=true,true,false\n"), out);
        assertTrue(out.contains("\nnew_taskmanager_containers=1\n"), out);
        assertTrue(out.contains("\nlost=0\nduplicated=0\nunexpected=0\nfinal_status=SUCCEEDED\n"), out);
        assertTrue(out.endsWith("\nkill_to_running_vs_app_start_to_running_ratio=0.67\n"), out);
    }
}
