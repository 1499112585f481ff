package dev.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.bench.SavepointYarnBench.Arguments;
import dev.spindle.bench.SavepointYarnBench.Stop;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SavepointYarnBenchTest {
    private static final String[] REQUIRED = {"--spindle", "s", "--jar", "j.jar", "--conf-dir", "c", "--work", "w"};

    @Test
    void parsesItsArguments() {
        assertEquals(
                new Arguments(Path.of("s"), Path.of("j.jar"), Path.of("c"), Path.of("w"), 1, 100_000, 50_000, 1000),
                Arguments.parse(REQUIRED));
        assertEquals(
                new Arguments(Path.of("s"), Path.of("j.jar"), Path.of("c"), Path.of("w"), 3, 10, 200, 500),
                Arguments.parse(with("--runs", "3", "--keys", "10", "--rate", "200", "--interval-ms", "500")));
    }

    @Test
    void rejectsBadArguments() {
        String[][] bad = {
            {},
            {"--spindle", "s", "--jar", "j.jar", "--conf-dir", "c"},
            with("--runs", "0"),
            with("--rate", "fast"),
            with("--unknown", "1"),
            with("--runs"),
        };
        for (String[] args : bad) {
            assertThrows(IllegalArgumentException.class, () -> Arguments.parse(args), String.join(" ", args));
        }
    }

    @Test
    void printsTheMediansAndEveryRunsStopTimes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Stop.printFigures(
                Arguments.parse(REQUIRED),
                List.of(
                        stop(1, 2500, 0, "FINISHED/SUCCEEDED", 500_000),
                        stop(2, 2700, 0, "FINISHED/SUCCEEDED", 500_100)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(
                List.of(
                        "yarn_runs=2",
                        "yarn_keys=100000",
                        "yarn_rate_records_per_s=50000",
                        "yarn_checkpoint_interval_ms=1000",
                        "yarn_checkpoint_median_ms=30",
                        "yarn_checkpoint_state_bytes=495704",
                        "yarn_stop_to_request_ms=2200",
                        "yarn_stop_to_savepoint_path_ms=2500",
                        "yarn_stop_to_app_finished_ms=2550",
                        "yarn_stop_command_ms=2650",
                        "yarn_stop_to_app_finished_runs_ms=2550,2750",
                        "yarn_stop_command_runs_ms=2650,2850",
                        "yarn_savepoint_dir_bytes=500000",
                        "yarn_checkpoints_command_ms=1300",
                        "yarn_stop_command_vs_checkpoints_command_ratio=2.038",
                        "yarn_stop_exit_codes=0,0",
                        "yarn_final_status=FINISHED/SUCCEEDED"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void namesEachFailedCheck() {
        assertEquals(List.of(), Stop.problems(List.of(stop(1, 2500, 0, "FINISHED/SUCCEEDED", 1))));
        assertEquals(
                List.of(
                        "run 2: spindle stop exited 10",
                        "run 2: the application ended FINISHED/FAILED, not FINISHED/SUCCEEDED",
                        "run 2: no savepoint at null"),
                Stop.problems(
                        List.of(stop(1, 2500, 0, "FINISHED/SUCCEEDED", 1), stop(2, 2500, 10, "FINISHED/FAILED", -1))));
    }

    @Test
    void submitsTheKeyedCountPerJobDetachedForAnHour() {
        SavepointYarnBench.Arguments a = Arguments.parse(with("--rate", "1000", "--keys", "50"));
        List<String> command = SavepointYarnBench.submitCommand(a, Path.of("/tmp/run"));
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
                        "taskmanager.numberOfTaskSlots=1",
                        "-D",
                        "state.checkpoints.dir=file:///tmp/run/checkpoints",
                        "-p",
                        "2",
                        "-c",
                        "dev.spindle.examples.KeyedCount",
                        "j.jar",
                        "--records",
                        "3600000",
                        "--keys",
                        "50",
                        "--parallelism",
                        "2",
                        "--checkpoint-interval",
                        "1000",
                        "--rate",
                        "1000"),
                command);
    }

    private static Stop stop(int run, long toPath, int exit, String state, long bytes) {
        String path = bytes > 0 ? "file:/sp/savepoint-" + run : null;
        return new Stop(
                run,
                30,
                495_704,
                1000 + run * 300,
                toPath - 300,
                toPath,
                toPath + 50,
                toPath + 150,
                exit,
                state,
                path,
                bytes);
    }

    private static String[] with(String... more) {
        String[] all = new String[REQUIRED.length + more.length];
        System.arraycopy(REQUIRED, 0, all, 0, REQUIRED.length);
        System.arraycopy(more, 0, all, REQUIRED.length, more.length);
        return all;
    }
}
