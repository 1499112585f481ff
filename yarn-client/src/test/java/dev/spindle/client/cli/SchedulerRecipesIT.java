package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_JOB;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.client.cli.programs.FailingJobProgram;
import dev.spindle.client.cli.programs.UnboundedProgram;
import dev.spindle.yarn.MiniYarn;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/schedulers.md, run the way the schedulers run the CLI: the command is the Airflow DAG's
 * {@code SPINDLE_RUN} read from that file, rendered as Airflow renders it, run by {@code bash -c}
 * in a new session and process group ({@code setsid}, as Airflow's SubprocessHook and YARN's
 * container launch for Oozie's launcher do), with stdout and stderr merged (Airflow) or apart
 * (Oozie's shell action). The process group gets SIGTERM (Airflow's {@code on_kill}) or SIGKILL (a
 * dead worker), as the schedulers send them, never the JVM alone.
 */
class SchedulerRecipesIT {
    /** How schedulers and operators take the application id from a task's log. */
    private static final Pattern APPLICATION_ID = Pattern.compile("application[0-9_]+");

    private static final String DAG_ID = "spindle_wordcount";
    /** The lease the recipe sets ({@code -D client.heartbeat.timeout=10s}). */
    private static final long LEASE_MILLIS = 10_000;
    /** Issue 10: after SIGKILL the application ends within 20 s with that lease. */
    private static final long SIGKILL_END_MILLIS = 20_000;

    private static final EnumSet<YarnApplicationState> ENDED =
            EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);

    @TempDir
    static Path dir;

    static MiniYarn yarn;
    static YarnClient client;
    /** The DAG's bash_command, before Jinja. */
    static String spindleRun;

    private final List<Task> started = new ArrayList<>();

    @BeforeAll
    static void startYarn() throws Exception {
        spindleRun = airflowCommand(Files.readString(Scripts.repositoryRoot().resolve("docs/schedulers.md")));
        yarn = MiniYarn.start("scheduler-recipes-it", dir.resolve("conf"), 1536);
        client = yarn.client();
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @AfterEach
    void killLeftovers() throws Exception {
        for (Task task : started) {
            if (task.process.isAlive()) {
                task.signalGroup("KILL");
            }
            System.out.println("SchedulerRecipesIT: task " + task.taskId + ":\n" + task);
        }
    }

    /**
     * Airflow's XCom is the last line of stdout with stderr merged into it; Oozie's shell action
     * reads stdout apart. Both runs at once (the cluster has room for two): a WordCount that
     * succeeds, merged, and a job that fails, apart.
     */
    @Test
    void theLastLineIsTheJsonReportWithStderrMergedAsInAirflowAndApartAsInOozie() throws Exception {
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 500, new Random(3));
        Path output = dir.resolve("counts");
        Task airflow =
                start("wordcount", true, WordCountFiles.examplesJar(), "--input " + input + " --output " + output);
        Path failingJar =
                TestJars.jar(dir.resolve("failing.jar"), FailingJobProgram.class.getName(), FailingJobProgram.class);
        Task oozie = start("failing", false, failingJar, "");

        assertEquals(ExitCodes.SUCCESS, airflow.awaitExit(), airflow::toString);
        ApplicationId appId = airflow.theOneApplicationId();
        JsonNode xcom = airflow.lastStdoutLineAsJson();
        assertEquals(appId.toString(), xcom.get("applicationId").asText());
        assertEquals(find(SUBMITTED_JOB, airflow.out()), xcom.get("jobId").asText());
        assertEquals("SUCCEEDED", xcom.get("finalState").asText());
        assertEquals(0, xcom.get("exitCode").asInt());
        assertEquals(expected, WordCountFiles.readCounts(output));
        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
        assertEquals(Set.of("airflow-" + DAG_ID + "-wordcount"), report.getApplicationTags());

        assertEquals(ExitCodes.JOB_FAILED, oozie.awaitExit(), oozie::toString);
        ApplicationId failedId = oozie.theOneApplicationId();
        JsonNode failed = oozie.lastStdoutLineAsJson();
        assertEquals(failedId.toString(), failed.get("applicationId").asText());
        assertEquals(find(SUBMITTED_JOB, oozie.out()), failed.get("jobId").asText());
        assertEquals("FAILED", failed.get("finalState").asText());
        assertEquals(ExitCodes.JOB_FAILED, failed.get("exitCode").asInt());
        List<String> errLines = oozie.err().lines().toList();
        assertTrue(errLines.contains(failed.get("error").asText()), "the error line, on stderr: " + oozie);
        assertTrue(failed.get("error").asText().contains("boom at 42"), failed::toString);
        assertEquals(
                FinalApplicationStatus.FAILED,
                client.getApplicationReport(failedId).getFinalApplicationStatus());
    }

    /**
     * Airflow's {@code on_kill} sends SIGTERM to the task's process group; here as soon as the
     * application id is printed: the client kills the application and exits 143 (128 + SIGTERM).
     */
    @Test
    void sigtermToTheProcessGroupKillsTheApplication() throws Exception {
        Task task = start("onkill", true, unboundedJar(), "");
        ApplicationId appId = task.awaitApplicationId();

        task.signalGroup("TERM");

        assertEquals(143, task.awaitExit(), task::toString);
        assertEquals(appId, task.theOneApplicationId());
        assertTrue(task.out().contains("Killed application " + appId), task::toString);
        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(YarnApplicationState.KILLED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.KILLED, report.getFinalApplicationStatus());
    }

    /**
     * A dead worker: SIGKILL to the process group while the job runs (streams apart, as Oozie's
     * launcher reads them). No hook runs; the lease ends the application.
     */
    @Test
    void sigkillOfTheProcessGroupEndsTheApplicationWithinTheLease() throws Exception {
        Task task = start("deadworker", false, unboundedJar(), "");
        ApplicationId appId = task.awaitApplicationId();
        String jobId = task.await(
                () -> CliOutput.all(SUBMITTED_JOB, task.out()).stream()
                        .findFirst()
                        .orElse(null),
                "no job submitted");
        task.await(() -> task.err().contains("Job " + jobId + " is RUNNING") ? jobId : null, "the job does not run");
        // What `yarn application -list -appTags` and GET /ws/v1/cluster/apps?applicationTags= ask.
        List<ApplicationReport> tagged = client.getApplications(
                null, EnumSet.of(YarnApplicationState.RUNNING), Set.of("airflow-" + DAG_ID + "-deadworker"));
        assertEquals(
                List.of(appId),
                tagged.stream().map(ApplicationReport::getApplicationId).toList());

        long killedAt = System.nanoTime();
        task.signalGroup("KILL");
        assertEquals(137, task.awaitExit(), task::toString);
        ApplicationReport report = awaitEnd(appId, SIGKILL_END_MILLIS);
        long endedAfter = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.printf(
                "SchedulerRecipesIT: after SIGKILL of the process group the application ended in %d ms "
                        + "(lease %d ms)%n",
                endedAfter, LEASE_MILLIS);
        assertTrue(
                ENDED.contains(report.getYarnApplicationState()),
                "still " + report.getYarnApplicationState() + " " + endedAfter + " ms after SIGKILL");
        assertEquals(FinalApplicationStatus.KILLED, report.getFinalApplicationStatus(), report.getDiagnostics());
        assertTrue(
                report.getDiagnostics().contains("client.heartbeat.timeout = " + LEASE_MILLIS + " ms"),
                report.getDiagnostics());
        assertEquals(appId, task.theOneApplicationId());
    }

    private static Path unboundedJar() throws IOException {
        Path jar = dir.resolve("unbounded.jar");
        return Files.exists(jar) ? jar : TestJars.jar(jar, UnboundedProgram.class.getName(), UnboundedProgram.class);
    }

    private static ApplicationReport awaitEnd(ApplicationId appId, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        ApplicationReport report = client.getApplicationReport(appId);
        while (!ENDED.contains(report.getYarnApplicationState()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            report = client.getApplicationReport(appId);
        }
        return report;
    }

    /** The DAG's {@code SPINDLE_RUN = r"""…"""} in docs/schedulers.md. */
    static String airflowCommand(String doc) {
        Matcher m = Pattern.compile("SPINDLE_RUN = r\"\"\"(.*?)\"\"\"", Pattern.DOTALL)
                .matcher(doc);
        if (!m.find()) {
            fail("no SPINDLE_RUN = r\"\"\"...\"\"\" in docs/schedulers.md");
        }
        return m.group(1);
    }

    /**
     * Renders the command as Airflow does ({@code {{ params.jar }}}, {@code {{ params.args }}}) and
     * runs it as the BashOperator does: {@code bash -c} in a new session, with Airflow's
     * {@code AIRFLOW_CTX_*} variables and the DAG's {@code env}.
     *
     * @param merged stderr into stdout (Airflow), or apart (Oozie)
     */
    private Task start(String taskId, boolean merged, Path jar, String args) throws IOException {
        String rendered = spindleRun.replace("{{ params.jar }}", jar.toString()).replace("{{ params.args }}", args);
        ProcessBuilder builder = new ProcessBuilder("setsid", "bash", "-c", rendered)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path out = dir.resolve(taskId + ".out");
        Path err = dir.resolve(taskId + ".err");
        builder.redirectOutput(out.toFile());
        if (merged) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(err.toFile());
        }
        Map<String, String> env = builder.environment();
        env.put("SPINDLE_HOME", Scripts.repositoryRoot().toString());
        env.put("HADOOP_CONF_DIR", dir.resolve("conf").toString());
        env.remove("YARN_CONF_DIR");
        env.put("AIRFLOW_CTX_DAG_ID", DAG_ID);
        env.put("AIRFLOW_CTX_TASK_ID", taskId);
        Task task = new Task(taskId, builder.start(), out, merged ? null : err);
        started.add(task);
        return task;
    }

    /** One scheduler task: the process group leader and where its output went. */
    private record Task(String taskId, Process process, Path outFile, Path errFile) {
        /** SIGTERM/SIGKILL to the task's process group, as {@code os.killpg} does. */
        void signalGroup(String signal) throws Exception {
            long pid = process.pid();
            Process ps = new ProcessBuilder("ps", "-o", "pgid=", "-p", Long.toString(pid)).start();
            String pgid = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            ps.waitFor();
            if (!process.isAlive()) {
                return;
            }
            assertEquals(Long.toString(pid), pgid, "the task is not the leader of its process group");
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pid)
                    .inheritIO()
                    .start();
            assertEquals(0, kill.waitFor(), "kill -s " + signal + " -- -" + pid);
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                fail("task " + taskId + " did not end: " + this);
            }
            return process.exitValue();
        }

        /** The application id once a line names one (as soon as YARN accepted it). */
        ApplicationId awaitApplicationId() throws Exception {
            return ApplicationId.fromString(await(
                    () -> {
                        Matcher m = APPLICATION_ID.matcher(out());
                        return m.find() ? m.group() : null;
                    },
                    "no application id printed"));
        }

        <T> T await(IoSupplier<T> what, String failure) throws Exception {
            long deadline = System.currentTimeMillis() + 120_000;
            T value;
            while ((value = what.get()) == null) {
                if (!process.isAlive()) {
                    fail(failure + ": the task ended (" + process.exitValue() + ") first: " + this);
                }
                if (System.currentTimeMillis() > deadline) {
                    fail(failure + ": " + this);
                }
                Thread.sleep(50);
            }
            return value;
        }

        /** {@code application[0-9_]+} on every line of the task's output must find exactly one id. */
        ApplicationId theOneApplicationId() throws IOException {
            Set<String> ids = new TreeSet<>();
            Stream.concat(out().lines(), err().lines())
                    .forEach(line -> APPLICATION_ID.matcher(line).results().forEach(r -> ids.add(r.group())));
            assertEquals(1, ids.size(), () -> "application ids " + ids + " in: " + this);
            return ApplicationId.fromString(ids.iterator().next());
        }

        JsonNode lastStdoutLineAsJson() throws IOException {
            List<String> lines = out().lines().toList();
            assertTrue(!lines.isEmpty(), this::toString);
            return new ObjectMapper().readTree(lines.get(lines.size() - 1));
        }

        String out() throws IOException {
            return Files.readString(outFile, StandardCharsets.UTF_8);
        }

        /** stderr, or nothing when it is merged into stdout. */
        String err() throws IOException {
            return errFile == null ? "" : Files.readString(errFile, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            try {
                return errFile == null ? "stdout and stderr:\n" + out() : "stdout:\n" + out() + "\nstderr:\n" + err();
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    /** A poll that may read files. */
    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
