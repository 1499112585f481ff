package dev.spindle.client.yarn;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * What the client checks before it submits, so that a cluster that cannot run fails at once with
 * a message that names the fix instead of waiting in ACCEPTED forever: the queue exists, and the
 * containers fit the cluster's maximum allocation.
 */
final class DeploymentChecks {
    private final YarnClient yarn;

    DeploymentChecks(YarnClient yarn) {
        this.yarn = yarn;
    }

    /** @throws ClusterDeploymentException listing the queues that exist when {@code queue} is not one of them */
    void queueExists(String queue) throws ClusterDeploymentException, IOException, YarnException {
        List<QueueInfo> queues = yarn.getAllQueues();
        for (QueueInfo q : queues) {
            if (q.getQueueName().equals(queue)
                    || q.getQueuePath() != null && q.getQueuePath().equals(queue)) {
                return;
            }
        }
        throw new ClusterDeploymentException("the YARN queue '" + queue + "' does not exist; queues: "
                + String.join(
                        ", ",
                        queues.stream().map(QueueInfo::getQueueName).sorted().toList())
                + " (set yarn.application.queue or -qu)");
    }

    /**
     * @param what the container, e.g. "ApplicationMaster (jobmanager.memory.process.size)"
     * @throws ClusterDeploymentException naming the values and the YARN settings when it does not fit
     */
    void fitsMaximumAllocation(String what, long memoryMb, int vcores, Resource maximum)
            throws ClusterDeploymentException {
        if (memoryMb > maximum.getMemorySize()) {
            throw new ClusterDeploymentException("the " + what + " needs " + memoryMb + " MB, more than the cluster's "
                    + "maximum allocation of " + maximum.getMemorySize()
                    + " MB (yarn.scheduler.maximum-allocation-mb); "
                    + "ask for less memory or raise the maximum");
        }
        if (vcores > maximum.getVirtualCores()) {
            throw new ClusterDeploymentException(
                    "the " + what + " needs " + vcores + " vcores, more than the cluster's " + "maximum allocation of "
                            + maximum.getVirtualCores() + " (yarn.scheduler.maximum-allocation-vcores)");
        }
    }
}
