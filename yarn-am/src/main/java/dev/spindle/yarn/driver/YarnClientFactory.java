package dev.spindle.yarn.driver;

import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;

/** Makes the driver's YARN clients; tests replace it with in-memory doubles. */
interface YarnClientFactory {
    AMRMClientAsync<ContainerRequest> resourceManagerClient(
            int heartbeatMillis, AMRMClientAsync.AbstractCallbackHandler handler);

    NMClientAsync nodeManagerClient(NMClientAsync.AbstractCallbackHandler handler);

    /** The real clients. */
    YarnClientFactory DEFAULT = new YarnClientFactory() {
        @Override
        public AMRMClientAsync<ContainerRequest> resourceManagerClient(
                int heartbeatMillis, AMRMClientAsync.AbstractCallbackHandler handler) {
            return AMRMClientAsync.createAMRMClientAsync(heartbeatMillis, handler);
        }

        @Override
        public NMClientAsync nodeManagerClient(NMClientAsync.AbstractCallbackHandler handler) {
            return NMClientAsync.createNMClientAsync(handler);
        }
    };
}
