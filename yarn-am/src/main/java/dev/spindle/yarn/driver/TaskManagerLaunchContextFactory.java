package dev.spindle.yarn.driver;

import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;

/**
 * Says how to start a TaskManager in a container: its command, environment, local resources and
 * credentials. {@link YarnResourceDriver} calls it on the resource manager's main thread once YARN
 * has allocated the container, so it must not block for long (build shared parts once, up front).
 */
@FunctionalInterface
public interface TaskManagerLaunchContextFactory {

    /**
     * The launch context of the TaskManager that is to run as {@code worker} (the container's id)
     * with the given size.
     *
     * @throws Exception when no launch context can be made; the worker's request then fails with it
     */
    ContainerLaunchContext create(WorkerId worker, WorkerSpec spec) throws Exception;
}
