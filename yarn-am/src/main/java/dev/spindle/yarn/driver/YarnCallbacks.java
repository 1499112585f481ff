package dev.spindle.yarn.driver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.UpdatedContainer;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;

/**
 * The YARN clients' callbacks of a {@link YarnResourceDriver}. They run on the clients' threads and
 * only hop onto the driver's main thread, where the events are handled; the one thing done at once
 * is recording a container's completion, which {@link YarnResourceDriver#terminate()} may be waiting for.
 */
final class YarnCallbacks {
    private YarnCallbacks() {}

    /** The AMRM client's callbacks, on its callback thread. */
    static final class ResourceManagerCallbacks extends AMRMClientAsync.AbstractCallbackHandler {
        private final YarnResourceDriver driver;

        ResourceManagerCallbacks(YarnResourceDriver driver) {
            this.driver = driver;
        }

        @Override
        public void onContainersAllocated(List<Container> containers) {
            List<Container> copy = List.copyOf(containers);
            driver.onMain(() -> driver.onAllocated(copy));
        }

        @Override
        public void onContainersCompleted(List<ContainerStatus> statuses) {
            for (ContainerStatus s : statuses) {
                driver.completions.record(s.getContainerId());
            }
            List<ContainerStatus> copy = List.copyOf(statuses);
            driver.onMain(() -> copy.forEach(driver::onCompleted));
        }

        @Override
        public void onContainersUpdated(List<UpdatedContainer> containers) {
            // The driver never asks for container updates.
        }

        @Override
        public void onShutdownRequest() {
            driver.onMain(
                    () -> driver.onFatal(
                            new IllegalStateException(
                                    "the YARN ResourceManager told the ApplicationMaster to shut down (it no longer knows this attempt)")));
        }

        @Override
        public void onNodesUpdated(List<NodeReport> nodes) {
            // Lost nodes show up as completed containers.
        }

        @Override
        public float getProgress() {
            return 0;
        }

        @Override
        public void onError(Throwable error) {
            driver.onMain(() -> driver.onFatal(new IOException(
                    "the connection to the YARN ResourceManager failed: " + error.getMessage(), error)));
        }
    }

    /** The NM client's callbacks, on its thread pool. */
    static final class NodeManagerCallbacks extends NMClientAsync.AbstractCallbackHandler {
        private final YarnResourceDriver driver;

        NodeManagerCallbacks(YarnResourceDriver driver) {
            this.driver = driver;
        }

        @Override
        public void onContainerStarted(ContainerId id, Map<String, ByteBuffer> serviceData) {
            driver.onMain(() -> driver.onStarted(id));
        }

        @Override
        public void onStartContainerError(ContainerId id, Throwable error) {
            driver.onMain(() -> driver.onStartFailed(id, error));
        }

        @Override
        public void onContainerStopped(ContainerId id) {
            // Stopped on purpose; its completion arrives from the ResourceManager.
        }

        @Override
        public void onStopContainerError(ContainerId id, Throwable error) {
            driver.onMain(() -> driver.onStopFailed(id, error));
        }

        @Override
        public void onContainerStatusReceived(ContainerId id, ContainerStatus status) {}

        @Override
        public void onGetContainerStatusError(ContainerId id, Throwable error) {}

        @Override
        @SuppressWarnings("deprecation") // abstract in Hadoop's handler, so it must be implemented
        public void onContainerResourceIncreased(ContainerId id, Resource resource) {}

        @Override
        public void onContainerResourceUpdated(ContainerId id, Resource resource) {}

        @Override
        @SuppressWarnings("deprecation") // abstract in Hadoop's handler, so it must be implemented
        public void onIncreaseContainerResourceError(ContainerId id, Throwable error) {}

        @Override
        public void onUpdateContainerResourceError(ContainerId id, Throwable error) {}
    }
}
