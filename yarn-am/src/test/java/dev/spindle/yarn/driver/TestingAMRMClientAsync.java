package dev.spindle.yarn.driver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.UpdateContainerRequest;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.util.Records;

/**
 * An AMRM client that talks to no ResourceManager: it records what the driver asks for, and tests
 * play the ResourceManager through {@link #callbacks}.
 */
final class TestingAMRMClientAsync extends AMRMClientAsync<ContainerRequest> {
    final AbstractCallbackHandler callbacks;
    final List<ContainerRequest> added = new ArrayList<>();
    final List<ContainerRequest> removed = new ArrayList<>();
    final List<ContainerId> releasedContainers = new ArrayList<>();
    Resource largestContainer = Resource.newInstance(4096, 4);
    /** What the registration reports as kept from earlier attempts. */
    List<org.apache.hadoop.yarn.api.records.Container> previousAttemptContainers = List.of();

    String registeredHost;
    FinalApplicationStatus unregisteredWith;
    String unregisterDiagnostics;

    TestingAMRMClientAsync(int heartbeatMillis, AbstractCallbackHandler callbacks) {
        super(heartbeatMillis, callbacks);
        this.callbacks = callbacks;
    }

    int heartbeatMillis() {
        return heartbeatIntervalMs.get();
    }

    @Override
    public RegisterApplicationMasterResponse registerApplicationMaster(String host, int port, String trackingUrl) {
        registeredHost = host + ":" + port + " " + trackingUrl;
        RegisterApplicationMasterResponse response = Records.newRecord(RegisterApplicationMasterResponse.class);
        response.setMaximumResourceCapability(largestContainer);
        response.setContainersFromPreviousAttempts(previousAttemptContainers);
        return response;
    }

    @Override
    public void unregisterApplicationMaster(FinalApplicationStatus status, String diagnostics, String url) {
        unregisteredWith = status;
        unregisterDiagnostics = diagnostics;
    }

    @Override
    public void addContainerRequest(ContainerRequest request) {
        added.add(request);
    }

    @Override
    public void removeContainerRequest(ContainerRequest request) {
        removed.add(request);
    }

    @Override
    public void releaseAssignedContainer(ContainerId id) {
        releasedContainers.add(id);
    }

    @Override
    public List<? extends Collection<ContainerRequest>> getMatchingRequests(
            Priority priority, String resourceName, Resource capability) {
        throw new UnsupportedOperationException("the driver matches containers by priority itself");
    }

    @Override
    public void requestContainerUpdate(Container container, UpdateContainerRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Resource getAvailableResources() {
        return largestContainer;
    }

    @Override
    public int getClusterNodeCount() {
        return 2;
    }

    @Override
    public void updateBlacklist(List<String> additions, List<String> removals) {
        throw new UnsupportedOperationException();
    }
}
