package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples jar's WordCount, run as a user would: {@code spindle run -t local -p 2 <jar> --input .. --output ..}. */
class WordCountRunTest {

    @TempDir
    Path dir;

    @Test
    void countsWordsWithParallelismTwo() throws IOException {
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 400, new Random(7));
        Path output = dir.resolve("counts");

        CliRun run = CliRun.of(
                "run",
                "-t",
                "local",
                "-p",
                "2",
                WordCountFiles.examplesJar().toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString());

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertTrue(run.out().matches("Job has been submitted with JobID [0-9a-f]{32}\\R"), run.out());
        String jobId = run.out().trim().substring("Job has been submitted with JobID ".length());
        assertTrue(run.err().matches("(?s)Job " + jobId + " finished in \\d+ ms\\R"), run.err());
        assertEquals(expected, WordCountFiles.readCounts(output));
    }
}
