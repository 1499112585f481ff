package dev.spindle.cluster.gateway;

import dev.spindle.runtime.task.TaskDescriptor;
import java.util.List;
import java.util.Objects;

/**
 * A task sent to a TaskManager: its descriptor and where the producers of its inputs run.
 *
 * @param descriptor the task
 * @param slot the slot it runs in
 * @param producers the data-plane address of every producer subtask of every input edge
 * @param userJars paths of the job's jars where the TaskManager can read them (empty: none)
 */
public record TaskDeployment(
        TaskDescriptor descriptor, int slot, List<ProducerLocation> producers, List<String> userJars) {
    public TaskDeployment {
        Objects.requireNonNull(descriptor, "descriptor");
        producers = List.copyOf(producers);
        userJars = List.copyOf(userJars);
    }

    /**
     * Where a producer subtask's partition is served.
     *
     * @param edgeId the edge
     * @param producerSubtask the producing subtask
     * @param resourceId the TaskManager running it
     * @param host its data-plane host
     * @param port its data-plane port
     */
    public record ProducerLocation(int edgeId, int producerSubtask, String resourceId, String host, int port) {}
}
