package dev.spindle.client.cli;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.yarn.MiniHdfsYarn;
import dev.spindle.yarn.MiniYarn;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-job mode on a YARN cluster whose default file system is HDFS (a MiniDFSCluster with one
 * DataNode), without {@code yarn.staging-directory}, as on a real cluster: the job graph, the
 * program's jar and the runtime are staged in the user's home directory on HDFS, the AM and the
 * TaskManagers localize them from there, and the AM deletes the directory when the job ends.
 */
class YarnPerJobHdfsIT {

    @TempDir
    static Path dir;

    static MiniHdfsYarn clusters;
    static MiniYarn yarn;
    static FileSystem fs;

    @BeforeAll
    static void startClusters() throws Exception {
        clusters = MiniHdfsYarn.start("yarn-per-job-hdfs-it", dir.resolve("conf"), 1536);
        fs = clusters.fs();
        yarn = clusters.yarn();
    }

    @AfterAll
    static void stopClusters() {
        if (clusters != null) {
            clusters.close();
        }
    }

    @Test
    void attachedWordCountStagesOnHdfsSucceedsAndCleansUp() throws Exception {
        // The job's own files are local: every container runs on this host and reads them directly.
        Path input = dir.resolve("words.txt");
        Map<String, Long> expected = WordCountFiles.writeWords(input, 2_000, new Random(17));
        Path output = dir.resolve("counts");
        long t0 = System.nanoTime();
        CliRun run = CliRun.of(
                "run",
                "-t",
                "yarn-per-job",
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-p",
                "2",
                "-D",
                "jobmanager.memory.process.size=512m",
                "-D",
                "taskmanager.memory.process.size=512m",
                "-D",
                "taskmanager.numberOfTaskSlots=2",
                WordCountFiles.examplesJar().toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString());
        System.out.printf(
                "YarnPerJobHdfsIT: attached per-job WordCount with HDFS staging took %d ms%n%s%n",
                (System.nanoTime() - t0) / 1_000_000, run);
        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertEquals(expected, WordCountFiles.readCounts(output));

        Matcher m = SUBMITTED_APP.matcher(run.out());
        assertTrue(m.find(), run::toString);
        ApplicationId appId = ApplicationId.fromString(m.group(1));
        ApplicationReport report = yarn.client().getApplicationReport(appId);
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus(), report.getDiagnostics());

        org.apache.hadoop.fs.Path staging =
                fs.makeQualified(new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".spindle/" + appId));
        assertEquals("hdfs", staging.toUri().getScheme(), staging::toString);
        assertTrue(fs.exists(staging.getParent()), "nothing was staged on HDFS: " + staging.getParent());
        assertFalse(fs.exists(staging), "staging directory left on HDFS: " + staging);
    }
}
