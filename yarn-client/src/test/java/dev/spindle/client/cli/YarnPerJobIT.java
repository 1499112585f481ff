package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.SUBMITTED_JOB;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.client.cli.programs.FailingJobProgram;
import dev.spindle.client.cli.programs.OptionInCodeProgram;
import dev.spindle.client.cli.programs.TwoJobsProgram;
import dev.spindle.config.GlobalConfiguration;
import dev.spindle.yarn.MiniYarn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spindle run -t yarn-per-job} on a MiniYARNCluster: the job graph and the jar ship with the
 * ApplicationMaster, which runs that one job and ends with it, its final status the job's.
 */
class YarnPerJobIT {
    private static final long WAIT_MILLIS = 90_000;

    @TempDir
    static Path dir;

    static MiniYarn yarn;
    static YarnClient client;

    @BeforeAll
    static void startYarn() throws Exception {
        // A second queue, so that the test sees the one it asked for, not the default.
        org.apache.hadoop.conf.Configuration queues = new org.apache.hadoop.conf.Configuration(false);
        queues.set("yarn.scheduler.capacity.root.queues", "default,etl");
        queues.set("yarn.scheduler.capacity.root.default.capacity", "50");
        queues.set("yarn.scheduler.capacity.root.etl.capacity", "50");
        queues.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
        queues.set("yarn.scheduler.capacity.root.etl.maximum-capacity", "100");
        yarn = MiniYarn.start("yarn-per-job-it", dir.resolve("conf"), 1536, queues);
        client = yarn.client();
    }

    @AfterAll
    static void stopYarn() {
        if (yarn != null) {
            yarn.close();
        }
    }

    @Test
    void attachedWordCountSucceedsAndTheApplicationEndsWithIt() throws Exception {
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 2_000, new Random(11));
        Path output = dir.resolve("counts-attached");
        long t0 = System.nanoTime();
        CliRun run = perJob(
                "-p",
                "2",
                "-D",
                "yarn.application.name=per-job-wordcount-it",
                "-D",
                "yarn.tags=a,b",
                "-D",
                "yarn.application.queue=etl",
                "--output",
                "json",
                WordCountFiles.examplesJar().toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString());
        log("attached per-job WordCount took %d ms", t0);
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        String jobId = find(SUBMITTED_JOB, run.out());
        assertEquals(expected, WordCountFiles.readCounts(output));
        // The cluster waited until the client had the job's result: its runtime, not YARN's status alone.
        long runtime = Long.parseLong(find(Pattern.compile("Job " + jobId + " finished in (\\d+) ms"), run.err()));
        assertTrue(runtime > 0, run::toString);

        // --output json: the last stdout line is the run's report.
        List<String> lines = run.out().lines().toList();
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals("yarn-per-job", json.get("target").asText());
        assertEquals(appId.toString(), json.get("applicationId").asText());
        assertEquals(jobId, json.get("jobId").asText());
        assertEquals("FINISHED", json.get("jobs").get(0).get("state").asText());
        assertEquals("SUCCEEDED", json.get("finalState").asText());
        assertTrue(json.get("restUrl").asText().startsWith("http://"), json.toString());
        assertEquals(0, json.get("exitCode").asInt());

        // The command returned once YARN reported the application ended.
        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals("Spindle", report.getApplicationType());
        assertEquals("per-job-wordcount-it", report.getName());
        assertEquals(Set.of("a", "b"), report.getApplicationTags());
        assertTrue(Set.of("etl", "root.etl").contains(report.getQueue()), report.getQueue());
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
        assertStagingGone(appId);
    }

    /**
     * conf/config.yaml as a user writes it (nested keys, a YAML list), found through
     * SPINDLE_CONF_DIR by scripts/spindle: its parallelism.default and yarn.tags take effect on the
     * per-job cluster, -D overrides what it sets, and a misspelt key is warned about.
     */
    @Test
    void theConfigurationFileTakesEffectDOverridesItAndAnUnknownKeyWarns() throws Exception {
        Path input = dir.resolve("words-config.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 500, new Random(5));
        Path output = dir.resolve("counts-config");
        Path confDir = Files.createDirectories(dir.resolve("spindle-conf"));
        Files.writeString(
                confDir.resolve("config.yaml"),
                String.join(
                        "\n",
                        "parallelism.default: 2",
                        "yarn:",
                        "  tags: [from-file-a, from-file-b]",
                        "  application:",
                        "    name: named-by-the-file",
                        "paralelism.default: 5   # misspelt",
                        ""));
        Scripts.ScriptRun run = Scripts.run(
                dir,
                Map.of(GlobalConfiguration.CONF_DIR_ENV, confDir.toString()),
                "spindle",
                perJobArgs(
                        "-D",
                        "yarn.application.name=named-by-d",
                        WordCountFiles.examplesJar().toString(),
                        "--input",
                        input.toString(),
                        "--output",
                        output.toString()));
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(expected, WordCountFiles.readCounts(output));
        try (var parts = Files.list(output)) {
            assertEquals(
                    2,
                    parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                            .count(),
                    "one part file per sink subtask: parallelism.default from the file");
        }
        ApplicationReport report =
                client.getApplicationReport(ApplicationId.fromString(find(SUBMITTED_APP, run.out())));
        assertEquals(Set.of("from-file-a", "from-file-b"), report.getApplicationTags());
        assertEquals("named-by-d", report.getName());
        assertTrue(
                run.err()
                        .contains("spindle: warning: unknown option 'paralelism.default'; did you mean "
                                + "'parallelism.default'?"),
                run::toString);
    }

    @Test
    void aFailingJobExitsOneAndTheApplicationFailsWithTheJobsException() throws Exception {
        Path jar = TestJars.jar(dir.resolve("failing.jar"), FailingJobProgram.class.getName(), FailingJobProgram.class);
        CliRun run = perJob(jar.toString());
        assertEquals(ExitCodes.JOB_FAILED, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(FinalApplicationStatus.FAILED, report.getFinalApplicationStatus());
        assertTrue(report.getDiagnostics().contains("boom at 42"), report.getDiagnostics());
        assertStagingGone(appId);
    }

    @Test
    void aSecondJobIsRefusedClearly() throws Exception {
        Path jar = TestJars.jar(dir.resolve("two.jar"), TwoJobsProgram.class.getName(), TwoJobsProgram.class);
        CliRun run = perJob(jar.toString());
        assertTrue(run.exitCode() != ExitCodes.SUCCESS, run::toString);
        assertTrue(run.err().contains("per-job mode runs one job per program"), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        assertEquals(
                FinalApplicationStatus.SUCCEEDED,
                client.getApplicationReport(appId).getFinalApplicationStatus());
        assertStagingGone(appId);
    }

    @Test
    void detachedReturnsAfterSubmissionAndTheApplicationLaterSucceeds() throws Exception {
        Path input = dir.resolve("words-detached.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 2_000, new Random(13));
        Path output = dir.resolve("counts-detached");
        CliRun run = perJob(
                "-d",
                "-p",
                "2",
                WordCountFiles.examplesJar().toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString());
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, run.out()));
        String jobId = find(SUBMITTED_JOB, run.out());
        assertTrue(
                run.err().contains("Job " + jobId + " runs detached; its cluster, application " + appId),
                run::toString);

        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        ApplicationReport report = client.getApplicationReport(appId);
        while (report.getYarnApplicationState() != YarnApplicationState.FINISHED
                && report.getYarnApplicationState() != YarnApplicationState.FAILED
                && report.getYarnApplicationState() != YarnApplicationState.KILLED) {
            if (System.currentTimeMillis() > deadline) {
                fail("application " + appId + " still " + report.getYarnApplicationState());
            }
            Thread.sleep(200);
            report = client.getApplicationReport(appId);
        }
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());
        // Without yarn.application.name the application is named after its job.
        assertEquals("Spindle per-job: WordCount", report.getName());
        assertEquals(expected, WordCountFiles.readCounts(output));
        assertStagingGone(appId);
    }

    /**
     * Issue 9, defect 6: bad values, whether on the command line or set by main() in code, are
     * refused before anything is uploaded or submitted, on every command that deploys.
     */
    @Test
    void badValuesDeployNothing() throws Exception {
        int applicationsBefore = client.getApplications().size();
        Set<Path> stagingBefore = stagingEntries();
        Path jar =
                TestJars.jar(dir.resolve("code.jar"), OptionInCodeProgram.class.getName(), OptionInCodeProgram.class);
        String conf = dir.resolve("conf").toString();
        String staging = "yarn.staging-directory=" + stagingRoot().toUri();

        assertEquals(
                "spindle: error: invalid value 'fast' for execution.buffer-timeout: expected a duration such as "
                        + "500 ms, 10 s or 5 min (see 'spindle run --help')",
                perJob("-D", "execution.buffer-timeout=fast", jar.toString(), "test.custom-key", "x")
                        .assertOneErrorLine(ExitCodes.USAGE_ERROR));
        assertEquals(
                "spindle: error: invalid value '0' for yarn.appmaster.vcores: expected an integer, at least 1",
                perJob(jar.toString(), "yarn.appmaster.vcores", "0").assertOneErrorLine(ExitCodes.USAGE_ERROR));
        assertEquals(
                "spindle: error: invalid value '-5' for yarn.containers.vcores: expected an integer, -1 or at least 1 "
                        + "(see 'spindle run-application --help')",
                CliRun.of(
                                "run-application",
                                "--yarn-conf-dir",
                                conf,
                                "-D",
                                staging,
                                "-D",
                                "yarn.containers.vcores=-5",
                                jar.toString())
                        .assertOneErrorLine(ExitCodes.USAGE_ERROR));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = YarnSessionCommand.run(
                new String[] {"--yarn-conf-dir", conf, "-D", staging, "-d", "-s", "0"},
                new java.io.ByteArrayInputStream(new byte[0]),
                System.out,
                new java.io.PrintStream(err, true));
        assertEquals(ExitCodes.USAGE_ERROR, code, err::toString);
        assertEquals(
                List.of("spindle: error: invalid value '0' for taskmanager.numberOfTaskSlots: expected an integer, "
                        + "at least 1 (see 'yarn-session --help')"),
                err.toString().lines().toList());

        assertEquals(applicationsBefore, client.getApplications().size(), "an application was submitted");
        assertEquals(stagingBefore, stagingEntries(), "something was uploaded");
    }

    /** Issue 9, defect 7: an application YARN does not know is one line on every command, no stack trace. */
    @Test
    void anUnknownApplicationIsOneLineOnEveryCommand() throws Exception {
        String unknown = "application_1700000000000_0042";
        String conf = dir.resolve("conf").toString();
        String expected = "spindle: error: cannot find the session " + unknown + ": YARN knows no such application (it "
                + "never ran on this cluster, or ended long ago; see 'yarn application -list -appStates ALL')";
        Path jar =
                TestJars.jar(dir.resolve("code.jar"), OptionInCodeProgram.class.getName(), OptionInCodeProgram.class);
        for (String[] args : new String[][] {
            {"list", "--yarn-conf-dir", conf, "-yid", unknown},
            {"cancel", "--yarn-conf-dir", conf, "-yid", unknown, "0123456789abcdef0123456789abcdef"},
            {"run", "--yarn-conf-dir", conf, "-yid", unknown, jar.toString(), "k", "v"}
        }) {
            assertEquals(expected, CliRun.of(args).assertOneErrorLine(ExitCodes.CLUSTER_ERROR), String.join(" ", args));
        }
        for (String[] args : new String[][] {{"-id", unknown, "stop"}, {"-id", unknown}}) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int code = YarnSessionCommand.run(
                    concat(new String[] {"--yarn-conf-dir", conf}, args),
                    new java.io.ByteArrayInputStream(new byte[0]),
                    System.out,
                    new java.io.PrintStream(err, true));
            assertEquals(ExitCodes.CLUSTER_ERROR, code, err::toString);
            assertEquals(List.of(expected), err.toString().lines().toList(), String.join(" ", args));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static Set<Path> stagingEntries() throws java.io.IOException {
        Path spindle = stagingRoot().resolve(".spindle");
        if (!Files.isDirectory(spindle)) {
            return Set.of();
        }
        try (java.util.stream.Stream<Path> entries = Files.list(spindle)) {
            return entries.collect(java.util.stream.Collectors.toSet());
        }
    }

    /**
     * An Oozie shell action, as Oozie runs it: {@code scripts/spindle} as a process with the action's
     * configuration in {@code $OOZIE_ACTION_CONF_XML} (written as Oozie writes it, with Hadoop's
     * Configuration) and capture-output in {@code $OOZIE_ACTION_OUTPUT_PROPERTIES}. The application
     * carries the action's tag, by which it is found (as Oozie finds children to kill), and the
     * output properties name it. A malformed action configuration submits nothing.
     */
    @Test
    void anOozieShellActionTagsTheApplicationAndCapturesItsOutcome() throws Exception {
        String tag = "oozie-" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
        Path broken = Files.writeString(dir.resolve("oozie-broken.xml"), "<configuration><property>");
        Path output = dir.resolve("oozie-output.properties");
        Scripts.ScriptRun refused = Scripts.run(
                dir,
                Map.of("OOZIE_ACTION_CONF_XML", broken.toString(), "OOZIE_ACTION_OUTPUT_PROPERTIES", output.toString()),
                "spindle",
                perJobArgs(WordCountFiles.examplesJar().toString()));
        assertEquals(ExitCodes.USAGE_ERROR, refused.exitCode(), refused::toString);
        assertEquals(1, refused.errLines().size(), refused::toString);
        assertTrue(
                refused.errLines()
                        .get(0)
                        .startsWith("spindle: error: Oozie's action configuration " + "$OOZIE_ACTION_CONF_XML=" + broken
                                + " is not well-formed XML"),
                refused::toString);
        assertFalse(Files.exists(output), "output written for a run that submitted nothing");

        org.apache.hadoop.conf.Configuration actionConf = new org.apache.hadoop.conf.Configuration(false);
        actionConf.set("oozie.child.mapreduce.job.tags", tag);
        actionConf.set("oozie.action.id", "0000001-000000000000000-oozie-W@spindle");
        Path confXml = dir.resolve("oozie-action.xml");
        try (java.io.OutputStream out = Files.newOutputStream(confXml)) {
            actionConf.writeXml(out);
        }
        Path input = dir.resolve("words-oozie.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 500, new Random(17));
        Path counts = dir.resolve("counts-oozie");
        Scripts.ScriptRun run = Scripts.run(
                dir,
                Map.of(
                        "OOZIE_ACTION_CONF_XML",
                        confXml.toString(),
                        "OOZIE_ACTION_OUTPUT_PROPERTIES",
                        output.toString()),
                "spindle",
                perJobArgs(
                        WordCountFiles.examplesJar().toString(),
                        "--input",
                        input.toString(),
                        "--output",
                        counts.toString()));
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(expected, WordCountFiles.readCounts(counts));
        assertTrue(
                run.errLines()
                        .contains("Oozie action: the YARN application gets the tags " + tag
                                + " (from $OOZIE_ACTION_CONF_XML=" + confXml + ") so that Oozie can find and kill it"),
                run::toString);

        // As Oozie finds the children of an action: by the tag alone.
        List<ApplicationReport> tagged =
                client.getApplications(null, java.util.EnumSet.allOf(YarnApplicationState.class), Set.of(tag));
        assertEquals(1, tagged.size(), tagged::toString);
        ApplicationReport report = tagged.get(0);
        assertEquals(Set.of(tag), report.getApplicationTags());
        assertEquals(ApplicationId.fromString(find(SUBMITTED_APP, run.out())), report.getApplicationId());

        java.util.Properties captured = new java.util.Properties();
        try (java.io.InputStream in = Files.newInputStream(output)) {
            captured.load(in);
        }
        assertEquals(
                Map.of(
                        "applicationId",
                        report.getApplicationId().toString(),
                        "jobId",
                        find(SUBMITTED_JOB, run.out()),
                        "finalState",
                        "SUCCEEDED"),
                Map.copyOf(captured));
        assertTrue(Files.size(output) <= 2048);
    }

    private static String[] perJobArgs(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "run",
                "-t",
                "yarn-per-job",
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-D",
                "yarn.staging-directory=" + stagingRoot().toUri(),
                "-D",
                "jobmanager.memory.process.size=512m",
                "-D",
                "taskmanager.memory.process.size=512m",
                "-D",
                "taskmanager.numberOfTaskSlots=2"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    private static CliRun perJob(String... args) {
        CliRun run = CliRun.of(perJobArgs(args));
        System.out.println("YarnPerJobIT: " + run);
        return run;
    }

    private static Path stagingRoot() {
        return dir.resolve("staging");
    }

    private static void assertStagingGone(ApplicationId appId) {
        Path staging = stagingRoot().resolve(".spindle").resolve(appId.toString());
        assertFalse(Files.exists(staging), "staging directory left: " + staging);
    }

    private static void log(String format, long startNanos) {
        System.out.printf("YarnPerJobIT: " + format + "%n", (System.nanoTime() - startNanos) / 1_000_000);
    }
}
