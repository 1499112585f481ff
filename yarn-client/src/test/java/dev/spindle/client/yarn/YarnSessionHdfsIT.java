package dev.spindle.client.yarn;

import static dev.spindle.client.cli.CliOutput.SUBMITTED_APP;
import static dev.spindle.client.cli.CliOutput.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.cli.YarnSessionCommand;
import dev.spindle.rest.client.RestClient;
import dev.spindle.security.ClusterSecret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
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
 * A session on a YARN cluster whose default file system is HDFS (a MiniDFSCluster with one
 * DataNode, shared by the class): the client stages into its home directory on HDFS, the
 * NodeManager localizes the AM's files from there, and the AM deletes the directory when stopped.
 * Without {@code yarn.staging-directory}, as a user on a real cluster would run it.
 */
class YarnSessionHdfsIT {
    private static final Pattern REST = Pattern.compile("REST endpoint (http://\\S+)");

    @TempDir
    static Path dir;

    static MiniHdfsYarn clusters;
    static YarnClient client;
    static FileSystem fs;

    @BeforeAll
    static void startClusters() throws Exception {
        long start = System.nanoTime();
        clusters = MiniHdfsYarn.start("yarn-session-hdfs-it", dir.resolve("conf"), 2048);
        fs = clusters.fs();
        client = clusters.yarn().client();
        System.err.printf("HDFS and YARN up in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void stopClusters() {
        if (clusters != null) {
            clusters.close();
        }
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run session(String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--yarn-conf-dir",
                dir.resolve("conf").toString(),
                "-D",
                "yarn.properties-file.location=" + dir.resolve("props")));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = YarnSessionCommand.run(
                all.toArray(String[]::new),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sessionStagesOnHdfsAndCleansUp() throws Exception {
        long start = System.nanoTime();
        Run started = session("-d", "-nm", "it-hdfs-session", "-jm", "512");
        assertEquals(0, started.exitCode(), started::toString);
        System.err.printf("session on HDFS up in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));
        String restUrl = find(REST, started.out());

        org.apache.hadoop.fs.Path staging =
                fs.makeQualified(new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".spindle/" + appId));
        assertEquals("hdfs", staging.toUri().getScheme(), staging::toString);
        assertTrue(fs.getFileStatus(staging).isDirectory(), staging::toString);
        assertEquals(new FsPermission((short) 0700), fs.getFileStatus(staging).getPermission());
        org.apache.hadoop.fs.Path secret = new org.apache.hadoop.fs.Path(staging, YarnDeployer.SECRET_FILE);
        assertEquals(new FsPermission((short) 0600), fs.getFileStatus(secret).getPermission());
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(staging, "yarn-site.xml")));

        ApplicationReport report = client.getApplicationReport(appId);
        assertEquals(YarnApplicationState.RUNNING, report.getYarnApplicationState());
        assertEquals("Spindle", report.getApplicationType());
        assertEquals(
                0,
                new RestClient(URI.create(restUrl), null, Duration.ofSeconds(10))
                        .overview()
                        .jobsRunning());

        // Stopped with the request the stop command sends, so that nothing but the AM can delete the
        // staging directory (the command removes leftovers afterwards); the secret comes from HDFS.
        ClusterSecret secretKey;
        try (InputStream in = fs.open(secret)) {
            secretKey = ClusterSecret.of(in.readAllBytes());
        }
        new RestClient(URI.create(restUrl), secretKey, Duration.ofSeconds(10)).shutDownCluster();
        report = awaitEnd(appId);
        assertEquals(YarnApplicationState.FINISHED, report.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.SUCCEEDED, report.getFinalApplicationStatus());
        // YARN reports FINISHED once the AM's container has exited, after its cleanup.
        assertFalse(fs.exists(staging), "the AM left its staging directory on HDFS: " + staging);

        Run stopped = session("-id", appId.toString(), "stop");
        assertEquals(0, stopped.exitCode(), stopped::toString);
        assertTrue(stopped.err().contains("has already ended (FINISHED)"), stopped::toString);
    }

    /**
     * {@code yarn application -kill}: the NodeManager sends the AM SIGTERM and SIGKILL 250 ms later,
     * while Hadoop's own shutdown hook closes the HDFS client; the AM deletes its staging directory
     * (with the secret) before either. Meanwhile the deployment swept an old leftover of an
     * application YARN does not know (as a client killed during its upload leaves).
     */
    @Test
    void aSessionKilledThroughYarnLeavesNoStagingDirectoryAndItsDeploymentSweptOldLeftovers() throws Exception {
        org.apache.hadoop.fs.Path spindle =
                fs.makeQualified(new org.apache.hadoop.fs.Path(fs.getHomeDirectory(), ".spindle"));
        ApplicationId unknown = ApplicationId.newInstance(1_700_000_000_000L, 9101);
        org.apache.hadoop.fs.Path leftover = new org.apache.hadoop.fs.Path(spindle, unknown.toString());
        fs.mkdirs(leftover);
        fs.create(new org.apache.hadoop.fs.Path(leftover, YarnDeployer.SECRET_FILE))
                .close();
        fs.setTimes(leftover, System.currentTimeMillis() - Duration.ofHours(2).toMillis(), -1);

        Run started = session("-d", "-nm", "it-hdfs-killed", "-jm", "512");
        assertEquals(0, started.exitCode(), started::toString);
        assertTrue(
                started.err()
                        .contains("Leftovers: removed 1 staging directory of ended or unknown applications under "),
                started::toString);
        // The output holds one application id, the deployment's own, for schedulers that take it with a pattern.
        assertFalse(
                started.err().contains(unknown.toString()) || started.out().contains(unknown.toString()),
                started::toString);
        assertFalse(fs.exists(leftover), "the deployment swept the old leftover");
        ApplicationId appId = ApplicationId.fromString(find(SUBMITTED_APP, started.out()));
        org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(spindle, appId.toString());
        assertTrue(fs.exists(staging));

        client.killApplication(appId);
        assertEquals(YarnApplicationState.KILLED, awaitEnd(appId).getYarnApplicationState());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (fs.exists(staging) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(fs.exists(staging), "the killed AM left its staging directory on HDFS: " + staging);
    }

    private static ApplicationReport awaitEnd(ApplicationId appId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ApplicationReport report = client.getApplicationReport(appId);
        while (!EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED)
                        .contains(report.getYarnApplicationState())
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            report = client.getApplicationReport(appId);
        }
        return report;
    }
}
