package dev.spindle.client.localyarn;

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
    void theConfigurationSizesTheNodeManagersAndKeepsTheSettingsThatMatter() {
        YarnConfiguration conf = LocalYarnCluster.configuration(
                new LocalYarnCluster.Settings(2048, 3, dir.resolve("tmp"), Map.of()));

        assertEquals(2048, conf.getInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", 0));
        assertEquals(2048, conf.getInt(YarnConfiguration.NM_PMEM_MB, 0));
        assertEquals(3, conf.getInt(YarnConfiguration.NM_VCORES, 0));
        assertEquals(2048, conf.getInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 0));
        assertEquals(64, conf.getInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 0));
        assertFalse(conf.getBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, true));
        assertEquals(0, conf.getLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, -1));
        assertEquals("default", conf.get("yarn.scheduler.capacity.root.queues"));
        assertEquals(dir.resolve("tmp").toString(), conf.get("hadoop.tmp.dir"));
    }

    @Test
    void overridesComeLast() {
        YarnConfiguration conf = LocalYarnCluster.configuration(new LocalYarnCluster.Settings(4096, 4, dir,
                Map.of(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, "128", "x.y", "z")));

        assertEquals(128, conf.getInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 0));
        assertEquals("z", conf.get("x.y"));
    }

    @Test
    void tooSmallNodeManagersAreRejected() {
        IllegalArgumentException memory = assertThrows(IllegalArgumentException.class,
                () -> new LocalYarnCluster.Settings(100, 1, dir, Map.of()));
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
