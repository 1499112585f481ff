package dev.spindle.localyarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded cluster's settings and files, without starting it. */
class LocalYarnClusterTest {
    @TempDir
    Path dir;

    @Test
    void theConfigurationSizesTheNodeManagersAndKeepsTheSettingsThatMatter() throws Exception {
        YarnConfiguration conf = LocalYarnCluster.configuration(new LocalYarnCluster.Settings(2048, 3, dir, Map.of()));

        assertEquals(2048, conf.getInt(YarnConfiguration.NM_PMEM_MB, 0));
        assertEquals(3, conf.getInt(YarnConfiguration.NM_VCORES, 0));
        assertEquals(2048, conf.getInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 0));
        assertEquals(64, conf.getInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 0));
        assertFalse(conf.getBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, true));
        assertEquals(0, conf.getLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, -1));
        assertEquals("default", conf.get("yarn.scheduler.capacity.root.queues"));
        assertEquals(0.5f, conf.getFloat(LocalYarnCluster.AM_RESOURCE_PERCENT, 0f), "AMs may take half the cluster");
        assertEquals(dir.resolve("tmp").toString(), conf.get("hadoop.tmp.dir"));
        assertTrue(conf.getBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, false));
        assertEquals(dir.resolve("app-logs").toUri().toString(), conf.get(YarnConfiguration.NM_REMOTE_APP_LOG_DIR));
        assertTrue(
                conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS).matches("localhost:[1-9][0-9]*"),
                conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS));
    }

    @Test
    void eachNodeManagerHasItsOwnDirectoriesAndPorts() throws Exception {
        LocalYarnCluster.Settings settings = new LocalYarnCluster.Settings(2048, 3, dir, Map.of("x.y", "z"));
        YarnConfiguration cluster = LocalYarnCluster.configuration(settings);
        YarnConfiguration nm1 = LocalYarnCluster.nodeManagerConfiguration(cluster, settings, 1);

        assertEquals(dir.resolve("target/nodemanager-1/local").toString(), nm1.get(YarnConfiguration.NM_LOCAL_DIRS));
        assertEquals(dir.resolve("target/nodemanager-1/logs").toString(), nm1.get(YarnConfiguration.NM_LOG_DIRS));
        assertEquals("localhost:0", nm1.get(YarnConfiguration.NM_WEBAPP_ADDRESS));
        assertEquals(
                cluster.get(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS),
                nm1.get(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS));
        assertEquals("z", nm1.get("x.y"));
    }

    @Test
    void overridesComeLast() throws Exception {
        YarnConfiguration conf = LocalYarnCluster.configuration(new LocalYarnCluster.Settings(
                4096, 4, dir, Map.of(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, "128", "x.y", "z")));

        assertEquals(128, conf.getInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 0));
        assertEquals("z", conf.get("x.y"));
    }

    @Test
    void tooSmallNodeManagersAreRejected() {
        IllegalArgumentException memory = assertThrows(
                IllegalArgumentException.class, () -> new LocalYarnCluster.Settings(100, 1, dir, Map.of()));
        assertEquals("NodeManager memory must be at least 256 MB, got 100", memory.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LocalYarnCluster.Settings(1024, 0, dir, Map.of()));
    }

    @Test
    void aMarkerCountsOnlyWhileItsProcessRuns() throws Exception {
        LocalYarnLayout layout = new LocalYarnLayout(dir);
        assertTrue(layout.running(pid -> true).isEmpty(), "no marker");

        Files.writeString(layout.marker(), "pid=77\n");
        assertEquals("77", layout.running(pid -> pid == 77).orElseThrow().getProperty(LocalYarnLayout.PID));
        assertTrue(layout.running(pid -> false).isEmpty(), "its process is gone");

        Files.writeString(layout.marker(), "pid=none\n");
        assertTrue(layout.running(pid -> true).isEmpty(), "no valid pid");
    }

    @Test
    void thisTestIsNoLocalYarnCluster() {
        assertFalse(LocalYarnLayout.isClusterProcess(ProcessHandle.current().pid()));
        assertFalse(LocalYarnLayout.isClusterProcess(Long.MAX_VALUE));
    }
}
