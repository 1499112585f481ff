package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.checkpoint.KeyedCountOutput;
import dev.spindle.yarn.MiniYarn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery on YARN (a MiniYARNCluster): a per-job keyed count with checkpoints every 200 ms and
 * the exactly-once file sink loses a TaskManager container to SIGKILL mid-job; the ApplicationMaster
 * gets a replacement container, the job resumes from its latest checkpoint and finishes with
 * output that equals, line for line, the counts computed without the engine, and the application
 * SUCCEEDS. A job whose restarts are exhausted fails, and so does its application.
 */
class YarnRecoveryIT {
    private static final long WAIT_MILLIS = 120_000;
    private static final long KEYS = 100;

    @TempDir
    static Path dir;

    static MiniYarn yarn;
    static YarnClient client;

    @BeforeAll
    static void startYarn() throws Exception {
        yarn = MiniYarn.start("yarn-recovery-it", dir.resolve("conf"), 2048);
        client = yarn.client();
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void aKilledTaskManagerContainerIsReplacedAndTheJobFinishesWithExactOutput() throws Exception {
        long records = 150_000;
        Path output = dir.resolve("counts");
        CliRun run = perJob(
                "-d",
                "-D",
                "restart-strategy.type=fixed-delay",
                "-D",
                "restart-strategy.fixed-delay.attempts=3",
                "-D",
                "restart-strategy.fixed-delay.delay=100 ms",
                "--records",
                Long.toString(records),
                "--rate",
                "15000",
                "--output",
                output.toString());
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));

        awaitTrue(() -> taskManagers(appId).size() == 2, () -> "TaskManagers: " + taskManagers(appId));
        Thread.sleep(1_500); // a few checkpoints complete before the fault
        List<ContainerReport> before = taskManagers(appId);
        String victim = before.get(0).getContainerId().toString();
        ProcessHandle process = YarnProcesses.containerProcess(victim, WAIT_MILLIS);
        long killedAt = System.currentTimeMillis();
        assertTrue(process.destroyForcibly(), "SIGKILL to " + process.pid());

        Set<String> original = new HashSet<>();
        before.forEach(c -> original.add(c.getContainerId().toString()));
        awaitTrue(
                () -> taskManagers(appId).stream()
                        .anyMatch(c -> !original.contains(c.getContainerId().toString())),
                () -> "no replacement container; TaskManagers: " + taskManagers(appId));
        System.out.printf(
                "YarnRecoveryIT: a replacement container runs %d ms after the kill of %s%n",
                System.currentTimeMillis() - killedAt, victim);

        ApplicationReport report = awaitEnd(appId);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertEquals(KeyedCountOutput.expected(records, KEYS), KeyedCountOutput.committedLines(output));
    }

    @Test
    void aJobWhoseRestartsAreExhaustedFailsAndSoDoesItsApplication() throws Exception {
        CliRun run = perJob(
                "-D",
                "restart-strategy.type=fixed-delay",
                "-D",
                "restart-strategy.fixed-delay.attempts=1",
                "-D",
                "restart-strategy.fixed-delay.delay=100 ms",
                "--records",
                "20000",
                "--rate",
                "20000",
                "--fail-at",
                "5000");
        assertEquals(ExitCodes.JOB_FAILED, run.exitCode(), run::toString);
        assertTrue(run.err().contains("KeyedCount fails at record 5000, as asked (--fail-at)"), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        ApplicationReport report = awaitEnd(appId);
        assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
    }

    private static CliRun perJob(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "run",
                "-t",
                "yarn-per-job",
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-D",
                "yarn.staging-directory=" + dir.resolve("staging").toUri(),
                "-D",
                "jobmanager.memory.process.size=512m",
                "-D",
                "taskmanager.memory.process.size=512m",
                "-D",
                "taskmanager.numberOfTaskSlots=1",
                "-D",
                "state.checkpoints.dir=" + dir.resolve("checkpoints").toUri(),
                "-p",
                "2",
                "-c",
                "dev.spindle.examples.KeyedCount"));
        int programArgs = indexOfProgramArgs(args);
        all.addAll(List.of(args).subList(0, programArgs));
        all.add(WordCountFiles.examplesJar().toString());
        all.addAll(List.of("--keys", Long.toString(KEYS), "--checkpoint-interval", "200"));
        all.addAll(List.of(args).subList(programArgs, args.length));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        System.out.println("YarnRecoveryIT: " + run);
        return run;
    }

    /** The CLI options come first (-d, -D k=v), the program's arguments (--...) after. */
    private static int indexOfProgramArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                return i;
            }
        }
        return args.length;
    }

    /** The running TaskManager containers of the application's current attempt. */
    private static List<ContainerReport> taskManagers(ApplicationId appId) {
        try {
            List<ContainerReport> tms = new ArrayList<>();
            for (ApplicationAttemptReport attempt : client.getApplicationAttempts(appId)) {
                for (ContainerReport c : client.getContainers(attempt.getApplicationAttemptId())) {
                    if (!c.getContainerId().equals(attempt.getAMContainerId())
                            && c.getContainerState() == ContainerState.RUNNING) {
                        tms.add(c);
                    }
                }
            }
            return tms;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the containers of " + appId, e);
        }
    }

    private static ApplicationReport awaitEnd(ApplicationId appId) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        ApplicationReport report = client.getApplicationReport(appId);
        while (report.getYarnApplicationState() != YarnApplicationState.FINISHED
                && report.getYarnApplicationState() != YarnApplicationState.FAILED
                && report.getYarnApplicationState() != YarnApplicationState.KILLED) {
            if (System.currentTimeMillis() > deadline) {
                fail("application " + appId + " still " + report.getYarnApplicationState() + "\n" + logsOf(appId));
            }
            Thread.sleep(200);
            report = client.getApplicationReport(appId);
        }
        return report;
    }

    /** The last lines of every container log of the application, for failure messages. */
    private static String logsOf(ApplicationId appId) {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("target", "yarn-recovery-it"))) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().contains(appId.toString()))
                    .toList()) {
                List<String> lines = Files.readAllLines(f);
                out.append("==== ").append(f).append('\n');
                lines.subList(Math.max(0, lines.size() - 60), lines.size())
                        .forEach(l -> out.append(l).append('\n'));
            }
        } catch (IOException e) {
            out.append("(logs unreadable: ").append(e).append(')');
        }
        return out.toString();
    }

    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("timed out: " + state.get());
            }
            Thread.sleep(100);
        }
    }
}
