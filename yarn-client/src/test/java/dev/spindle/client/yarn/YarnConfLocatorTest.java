package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.localyarn.LocalYarnLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which YARN configuration the client uses, from environment and installation, without any process. */
class YarnConfLocatorTest {
    private static final long PID = 4242;
    private static final LongPredicate ALIVE = pid -> pid == PID;
    private static final LongPredicate NOTHING_RUNS = pid -> false;

    @TempDir
    Path dir;

    private Path hadoopConf;
    private Path yarnConf;
    private Path home;

    @BeforeEach
    void createDirectories() throws IOException {
        hadoopConf = Files.createDirectories(dir.resolve("hadoop-conf"));
        yarnConf = Files.createDirectories(dir.resolve("yarn-conf"));
        home = dir.resolve("home");
    }

    @Test
    void hadoopConfDirWinsOverEverything() throws Exception {
        markRunning(LocalYarnLayout.defaultOf(home));
        Map<String, String> env =
                Map.of("HADOOP_CONF_DIR", hadoopConf.toString(), "YARN_CONF_DIR", yarnConf.toString());

        assertEquals(hadoopConf, locator(env, ALIVE).confDirectory());
    }

    @Test
    void yarnConfDirWinsOverTheLocalCluster() throws Exception {
        markRunning(LocalYarnLayout.defaultOf(home));
        Map<String, String> env = Map.of("HADOOP_CONF_DIR", " ", "YARN_CONF_DIR", yarnConf.toString());

        assertEquals(yarnConf, locator(env, ALIVE).confDirectory(), "a blank variable is unset");
    }

    @Test
    void aVariableThatNamesNoDirectoryIsAnError() {
        Map<String, String> env =
                Map.of("HADOOP_CONF_DIR", dir.resolve("missing").toString());

        ClusterAccessException e = assertThrows(
                ClusterAccessException.class, () -> locator(env, ALIVE).confDirectory());

        assertTrue(
                e.getMessage().startsWith("HADOOP_CONF_DIR=" + dir.resolve("missing") + " is not a directory"),
                e.getMessage());
    }

    @Test
    void withoutVariablesTheRunningLocalClusterOfTheInstallationIsUsed() throws Exception {
        LocalYarnLayout local = LocalYarnLayout.defaultOf(home);
        markRunning(local);

        assertEquals(
                home.resolve("build/local-yarn/conf"), locator(Map.of(), ALIVE).confDirectory());
    }

    @Test
    void theLocalClusterDirectoryVariableWinsOverTheInstallations() throws Exception {
        markRunning(LocalYarnLayout.defaultOf(home));
        LocalYarnLayout elsewhere = new LocalYarnLayout(dir.resolve("elsewhere"));
        markRunning(elsewhere);

        Path found = locator(
                        Map.of(LocalYarnLayout.DIR_ENV, elsewhere.directory().toString()), ALIVE)
                .confDirectory();

        assertEquals(elsewhere.confDir(), found);
    }

    @Test
    void aLocalClusterWhoseProcessIsGoneIsNotUsed() throws Exception {
        LocalYarnLayout local = LocalYarnLayout.defaultOf(home);
        markRunning(local);

        ClusterAccessException e = assertThrows(
                ClusterAccessException.class,
                () -> locator(Map.of(), NOTHING_RUNS).confDirectory());

        assertEquals(
                "no YARN cluster configured: HADOOP_CONF_DIR and YARN_CONF_DIR are unset and no local YARN cluster"
                        + " is running in " + local.directory() + "; start one with scripts/local-yarn start, or set"
                        + " HADOOP_CONF_DIR to the directory of your cluster's yarn-site.xml",
                e.getMessage());
    }

    @Test
    void noLocalClusterNamesTheVariableOfItsDirectory() {
        Path elsewhere = dir.resolve("elsewhere");

        ClusterAccessException e = assertThrows(
                ClusterAccessException.class,
                () -> locator(Map.of(LocalYarnLayout.DIR_ENV, elsewhere.toString()), ALIVE)
                        .confDirectory());

        assertTrue(
                e.getMessage()
                        .contains("start one with SPINDLE_LOCAL_YARN_DIR=" + elsewhere + " scripts/local-yarn start"),
                e.getMessage());
    }

    @Test
    void withoutVariablesOrInstallationThereIsNoConfiguration() {
        ClusterAccessException e = assertThrows(
                ClusterAccessException.class, () -> new YarnConfLocator(Map.of(), null, ALIVE).confDirectory());

        assertTrue(e.getMessage().startsWith("no YARN cluster configured: set HADOOP_CONF_DIR"), e.getMessage());
    }

    private YarnConfLocator locator(Map<String, String> env, LongPredicate alive) {
        return new YarnConfLocator(env, home.toString(), alive);
    }

    /** As the cluster's JVM leaves it once ready: the marker with its pid (and the conf directory). */
    private static void markRunning(LocalYarnLayout layout) throws IOException {
        Files.createDirectories(layout.confDir());
        Files.writeString(layout.marker(), "pid=" + PID + "\nresourcemanager.address=localhost\\:1234\n");
    }
}
