package dev.spindle.yarn.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The completions YARN reports for the driver's containers, recorded at once on the AMRM callback
 * thread (not hopped onto the main thread), so that {@link YarnResourceDriver#terminate}, which
 * blocks the main thread, can stop its containers and wait until YARN reports them gone.
 */
final class ContainerCompletions {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerCompletions.class);

    private final Map<ContainerId, CompletableFuture<Void>> completions = new ConcurrentHashMap<>();

    /** A container is starting: its completion may be waited for from now on. */
    void expect(ContainerId id) {
        completions.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** On the AMRM callback thread: YARN reports the container complete. */
    void record(ContainerId id) {
        completions.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(null);
    }

    /** On the main thread, once the completion has been handled there. */
    void forget(ContainerId id) {
        completions.remove(id);
    }

    /**
     * Stops the containers through their NodeManagers, so that YARN reports them only once they are
     * gone, and waits at most {@code options.stopTimeout()}; containers not reported by then are
     * returned to YARN.
     */
    void stopAndAwait(
            Map<ContainerId, Container> toStop,
            NMClientAsync nodeManagers,
            AMRMClientAsync<ContainerRequest> resourceManager,
            YarnDriverOptions options)
            throws InterruptedException {
        resourceManager.setHeartbeatInterval(
                (int) options.pendingHeartbeatInterval().toMillis());
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Container c : toStop.values()) {
            done.add(completions.computeIfAbsent(c.getId(), k -> new CompletableFuture<>()));
            nodeManagers.stopContainerAsync(c.getId(), c.getNodeId());
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(options.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            for (Container c : toStop.values()) {
                CompletableFuture<Void> f = completions.get(c.getId());
                if (f == null || !f.isDone()) {
                    LOG.warn(
                            "Container {} was not reported stopped within {}; returning it to YARN",
                            YarnTypes.describe(c),
                            options.stopTimeout());
                    resourceManager.releaseAssignedContainer(c.getId());
                }
            }
        }
    }
}
