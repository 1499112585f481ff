package dev.spindle.client.yarn;

import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.yarn.YarnOptions;

/**
 * The sizes of the cluster's containers, from its configuration.
 *
 * @param amMemoryMb the ApplicationMaster's container ({@code jobmanager.memory.process.size})
 * @param amVcores {@code yarn.appmaster.vcores}
 * @param tmMemoryMb a TaskManager's container ({@code taskmanager.memory.process.size})
 * @param tmVcores {@code yarn.containers.vcores}, by default one per slot
 */
record ContainerSizes(long amMemoryMb, int amVcores, long tmMemoryMb, int tmVcores) {

    static ContainerSizes of(Configuration config) {
        int tmVcores = config.get(YarnOptions.CONTAINER_VCORES);
        return new ContainerSizes(
                config.get(YarnOptions.JOB_MANAGER_MEMORY).mebiBytes(),
                config.get(YarnOptions.APP_MASTER_VCORES),
                config.get(ClusterOptions.TASK_MANAGER_MEMORY).mebiBytes(),
                tmVcores > 0 ? tmVcores : config.get(ClusterOptions.TASK_SLOTS));
    }
}
