package dev.spindle.yarn.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.NodeId;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;

/**
 * An NM client that talks to no NodeManager: it records starts and stops, and tests play the
 * NodeManagers through {@link #callbacks}.
 */
final class TestingNMClientAsync extends NMClientAsync {
    final AbstractCallbackHandler callbacks;
    final List<ContainerId> startedContainers = new ArrayList<>();
    final List<ContainerLaunchContext> launchContexts = new ArrayList<>();
    final List<ContainerId> stoppedContainers = new ArrayList<>();
    /** Runs on every stop, e.g. to let the ResourceManager report the container completed. */
    Consumer<ContainerId> onStop = id -> {};

    TestingNMClientAsync(AbstractCallbackHandler callbacks) {
        super(callbacks);
        this.callbacks = callbacks;
    }

    @Override
    public void startContainerAsync(Container container, ContainerLaunchContext context) {
        startedContainers.add(container.getId());
        launchContexts.add(context);
    }

    @Override
    public void stopContainerAsync(ContainerId id, NodeId node) {
        stoppedContainers.add(id);
        onStop.accept(id);
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in Hadoop's client, so it must be implemented
    public void increaseContainerResourceAsync(Container container) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void updateContainerResourceAsync(Container container) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void reInitializeContainerAsync(ContainerId id, ContainerLaunchContext context, boolean autoCommit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void restartContainerAsync(ContainerId id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void rollbackLastReInitializationAsync(ContainerId id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void commitLastReInitializationAsync(ContainerId id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void getContainerStatusAsync(ContainerId id, NodeId node) {
        throw new UnsupportedOperationException();
    }
}
