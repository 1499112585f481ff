package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.client.cli.programs.BadArgumentsProgram;
import dev.spindle.client.cli.programs.MaxParallelismProgram;
import dev.spindle.client.cli.programs.StatefulUidProgram;
import dev.spindle.client.cli.programs.TwoJobsProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spindle info}: the job graphs as JSON, and that nothing runs. */
class InfoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void printsWordCountsPlanWithoutRunningIt() throws IOException {
        Path input = dir.resolve("words.txt");
        WordCountFiles.writeWords(input, 20, new Random(3));
        Path output = dir.resolve("counts");

        CliRun run = CliRun.of(
                "info",
                "-p",
                "3",
                "-D",
                "execution.buffer-timeout=10ms",
                WordCountFiles.examplesJar().toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        JsonNode jobs = JSON.readTree(run.out()).get("jobs");
        assertEquals(1, jobs.size(), run.out());
        JsonNode job = jobs.get(0);
        assertEquals("WordCount", job.get("name").asText());
        assertTrue(job.get("jobId").asText().matches("[0-9a-f]{32}"), run.out());
        assertEquals("BATCH", job.get("runtimeMode").asText());
        assertEquals(128, job.get("maxParallelism").asInt());
        assertEquals("3", job.get("configuration").get("parallelism.default").asText());
        assertEquals(
                "10ms", job.get("configuration").get("execution.buffer-timeout").asText());

        JsonNode vertices = job.get("vertices");
        assertEquals(2, vertices.size(), run.out());
        JsonNode source = vertices.get(0);
        JsonNode reduce = vertices.get(1);
        assertTrue(source.get("source").asBoolean());
        assertEquals(3, source.get("parallelism").asInt());
        assertEquals(3, reduce.get("parallelism").asInt());
        // BATCH: the sum is pre-aggregated on the sending side, in the source's chain.
        assertEquals(List.of("Read " + input, "Tokenizer", "Combine Sum(1)"), names(source.get("operators")));
        assertEquals(List.of("Sum(1)", "Format", "Write to " + output), names(reduce.get("operators")));

        JsonNode edges = job.get("edges");
        assertEquals(1, edges.size(), run.out());
        assertEquals(source.get("id").asInt(), edges.get(0).get("source").asInt());
        assertEquals(reduce.get("id").asInt(), edges.get(0).get("target").asInt());
        assertEquals("HASH", edges.get(0).get("partitioning").asText());

        assertFalse(Files.exists(output), "the job ran: " + output + " exists");
        assertFalse(run.out().contains("Job has been submitted"), run.out());
    }

    @Test
    void printsOneGraphPerExecuteInOrder() throws IOException {
        Path jar = TestJars.jar(dir.resolve("two.jar"), TwoJobsProgram.class.getName(), TwoJobsProgram.class);

        CliRun run = CliRun.of("info", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        JsonNode jobs = JSON.readTree(run.out()).get("jobs");
        assertEquals(2, jobs.size(), run.out());
        assertEquals("first", jobs.get(0).get("name").asText());
        // execute() returned at once with an empty result.
        assertEquals("second after 0 ms", jobs.get(1).get("name").asText());
        assertEquals(
                "REBALANCE", jobs.get(0).get("edges").get(0).get("partitioning").asText(), run.out());
        assertEquals(
                "BROADCAST", jobs.get(1).get("edges").get(0).get("partitioning").asText(), run.out());
        assertFalse(jobs.get(0).get("jobId").equals(jobs.get(1).get("jobId")));
    }

    @Test
    void statefulOperatorsWithoutUidAreNamedInAWarning() throws IOException {
        Path jar =
                TestJars.jar(dir.resolve("stateful.jar"), StatefulUidProgram.class.getName(), StatefulUidProgram.class);

        CliRun run = CliRun.of("info", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        JsonNode vertices = JSON.readTree(run.out()).get("jobs").get(0).get("vertices");
        JsonNode source = vertices.get(0).get("operatorDetails").get(0);
        JsonNode sum = vertices.get(1).get("operatorDetails").get(0);
        JsonNode drop = vertices.get(1).get("operatorDetails").get(1);
        assertEquals(
                List.of("Numbers", "true", "null"),
                List.of(
                        source.get("name").asText(),
                        source.get("stateful").asText(),
                        source.get("uid").toString()));
        assertTrue(source.get("operatorId").asText().matches("[0-9a-f]{32}"), run.out());
        assertEquals(
                List.of("Sum", "true", "sum", dev.spindle.graph.OperatorIds.fromUid("sum")),
                List.of(
                        sum.get("name").asText(),
                        sum.get("stateful").asText(),
                        sum.get("uid").asText(),
                        sum.get("operatorId").asText()));
        assertEquals("false", drop.get("stateful").asText(), "a sink function keeps no state");
        assertEquals(
                "spindle: warning: operator 'Numbers' of job 'stateful' keeps state but has no uid: its state is found"
                        + " by its place in the program, so a savepoint may not fit a changed program; give it one"
                        + " with .uid(\"...\")\n",
                run.err());

        CliRun again = CliRun.of("info", jar.toString());
        assertEquals(
                source.get("operatorId").asText(),
                JSON.readTree(again.out())
                        .get("jobs")
                        .get(0)
                        .get("vertices")
                        .get(0)
                        .get("operatorDetails")
                        .get(0)
                        .get("operatorId")
                        .asText(),
                "the same program gets the same operator ids");
    }

    @Test
    void everyVertexShowsItsMaxParallelism() throws IOException {
        Path jar = TestJars.jar(
                dir.resolve("max.jar"), MaxParallelismProgram.class.getName(), MaxParallelismProgram.class);

        CliRun run = CliRun.of("info", "-D", "pipeline.max-parallelism=64", jar.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        JsonNode job = JSON.readTree(run.out()).get("jobs").get(0);
        assertEquals(64, job.get("maxParallelism").asInt());
        List<String> vertices = new ArrayList<>();
        job.get("vertices")
                .forEach(v -> vertices.add(
                        v.get("name").asText() + ":" + v.get("maxParallelism").asInt()));
        // Sum's own max parallelism keeps it out of the sink's chain.
        assertEquals(List.of("Source: Numbers:64", "Sum:7", "Drop:64"), vertices);
    }

    @Test
    void missingJarAndFailingMainUseTheRunExitCodes() throws IOException {
        CliRun missing = CliRun.of("info", dir.resolve("nope.jar").toString());
        missing.assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);
        assertEquals("", missing.out());

        Path jar = TestJars.jar(dir.resolve("bad.jar"), null, BadArgumentsProgram.class);
        CliRun noClass = CliRun.of("info", "-c", "com.example.Gone", jar.toString());
        noClass.assertOneErrorLine(ExitCodes.PROGRAM_NOT_LOADABLE);

        CliRun failing = CliRun.of("info", "-c", BadArgumentsProgram.class.getName(), jar.toString());
        failing.assertOneErrorLine(ExitCodes.PROGRAM_FAILED);
        assertEquals("", failing.out());
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
