package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.MemorySize;
import dev.spindle.yarn.YarnOptions;
import org.apache.hadoop.yarn.api.records.Resource;
import org.junit.jupiter.api.Test;

/** The size checks need no cluster: only its maximum allocation. */
class DeploymentChecksTest {
    private final DeploymentChecks checks = new DeploymentChecks(null);
    private final Resource max = Resource.newInstance(2048, 4);

    @Test
    void fittingContainersPass() throws Exception {
        checks.fitsMaximumAllocation("TaskManager", 2048, 4, max);
    }

    @Test
    void tooMuchMemoryNamesTheValuesAndTheSetting() {
        String message = assertThrows(
                        ClusterDeploymentException.class,
                        () -> checks.fitsMaximumAllocation(
                                "TaskManager (taskmanager.memory.process.size)", 4096, 1, max))
                .getMessage();
        assertEquals(
                "the TaskManager (taskmanager.memory.process.size) needs 4096 MB, more than the cluster's maximum "
                        + "allocation of 2048 MB (yarn.scheduler.maximum-allocation-mb); ask for less memory or raise the maximum",
                message);
    }

    @Test
    void tooManyVcoresNamesTheSetting() {
        String message = assertThrows(
                        ClusterDeploymentException.class,
                        () -> checks.fitsMaximumAllocation("ApplicationMaster", 512, 8, max))
                .getMessage();
        assertEquals(
                "the ApplicationMaster needs 8 vcores, more than the cluster's maximum allocation of 4 "
                        + "(yarn.scheduler.maximum-allocation-vcores)",
                message);
    }

    @Test
    void containerSizesFollowTheConfigurationWithOneVcorePerSlot() {
        Configuration config = new Configuration();
        config.set(YarnOptions.JOB_MANAGER_MEMORY, MemorySize.ofMebiBytes(1024));
        config.set(ClusterOptions.TASK_MANAGER_MEMORY, MemorySize.ofMebiBytes(1536));
        config.set(ClusterOptions.TASK_SLOTS, 3);
        assertEquals(new ContainerSizes(1024, 1, 1536, 3), ContainerSizes.of(config));
        config.set(YarnOptions.CONTAINER_VCORES, 2);
        assertEquals(2, ContainerSizes.of(config).tmVcores());
    }
}
