package dev.spindle.yarn.driver;

import dev.spindle.cluster.entrypoint.ExitCode;
import dev.spindle.resource.ApplicationStatus;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;

/**
 * The one place where YARN records and the engine's resource types meet, so that YARN records never
 * leak into the engine: a worker is a container, its id is the container id, its size a container {@link Resource}.
 */
final class YarnTypes {
    private YarnTypes() {}

    static WorkerId workerId(ContainerId container) {
        return new WorkerId(container.toString());
    }

    /** The container of a worker id this driver handed out; null for an id that is not a container id. */
    static ContainerId containerId(WorkerId worker) {
        try {
            return ContainerId.fromString(worker.value());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The final status YARN shows for a cluster that ends with {@code status}. */
    static FinalApplicationStatus finalStatus(ApplicationStatus status) {
        return switch (status) {
            case SUCCEEDED -> FinalApplicationStatus.SUCCEEDED;
            case FAILED -> FinalApplicationStatus.FAILED;
            case KILLED -> FinalApplicationStatus.KILLED;
        };
    }

    /** The container size of a worker: its whole process memory (MiB, rounded up) and its cores. */
    static Resource resource(WorkerSpec spec) {
        long mb = (spec.processMemory().bytes() + (1 << 20) - 1) >> 20;
        return Resource.newInstance(mb, spec.cpuCores());
    }

    /**
     * A request for one container of the given size. Locality is relaxed (any node); the node label
     * (null for none) restricts the nodes. Each size has its own priority, so an allocated container's
     * priority says which request it answers even when YARN rounded its resource up.
     */
    static ContainerRequest containerRequest(WorkerSpec spec, int priority, String nodeLabel) {
        return new ContainerRequest(resource(spec), null, null, Priority.newInstance(priority), true, nodeLabel);
    }

    /** Where a container runs, for messages: {@code container_... on host:port}. */
    static String describe(Container container) {
        return container.getId() + " on " + container.getNodeId();
    }

    /** Why a container ended, for {@code onWorkerTerminated}: the container, its host and exit status. */
    static String diagnostics(Container container, ContainerStatus status) {
        StringBuilder b = new StringBuilder("container ")
                .append(describe(container))
                .append(" ended with exit status ")
                .append(status.getExitStatus());
        String meaning = exitStatusMeaning(status.getExitStatus());
        if (meaning != null) {
            b.append(" (").append(meaning).append(')');
        }
        String text = status.getDiagnostics();
        if (text != null && !text.isBlank()) {
            b.append(": ").append(text.strip());
        }
        b.append("; its logs: yarn logs -applicationId ")
                .append(container.getId().getApplicationAttemptId().getApplicationId())
                .append(" -containerId ")
                .append(container.getId());
        return b.toString();
    }

    static String exitStatusMeaning(int exitStatus) {
        if (exitStatus == ExitCode.JOB_MANAGER_LOST.code()) {
            return ExitCode.JOB_MANAGER_LOST.summary();
        }
        if (exitStatus == ExitCode.START_FAILED.code()) {
            return "the TaskManager could not start";
        }
        return switch (exitStatus) {
            case ContainerExitStatus.ABORTED -> "released or lost by YARN";
            case ContainerExitStatus.PREEMPTED -> "preempted by YARN";
            case ContainerExitStatus.DISKS_FAILED -> "the node's disks failed";
            case ContainerExitStatus.KILLED_EXCEEDED_PMEM -> "killed for exceeding its physical memory";
            case ContainerExitStatus.KILLED_EXCEEDED_VMEM -> "killed for exceeding its virtual memory";
            case ContainerExitStatus.KILLED_BY_RESOURCEMANAGER -> "killed by the ResourceManager";
            case ContainerExitStatus.KILLED_BY_APPMASTER -> "killed by the ApplicationMaster";
            case 137 -> "killed with SIGKILL";
            case 143 -> "stopped with SIGTERM";
            default -> null;
        };
    }
}
