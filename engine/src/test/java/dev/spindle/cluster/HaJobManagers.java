package dev.spindle.cluster;

import dev.spindle.config.Configuration;
import dev.spindle.ha.HighAvailabilityServices;
import dev.spindle.ha.JobResultStore;
import dev.spindle.ha.JobResultStores;
import dev.spindle.ha.services.HighAvailabilityServicesFactory;
import dev.spindle.jobmanager.JobPersistence;
import dev.spindle.jobmanager.cleanup.RetryStrategy;
import dev.spindle.security.ClusterSecret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * JobManagers in this JVM that compete for one high-availability cluster's leadership, for the HA
 * tests: each with its own services, job result store, persistence and leadership. Everything they
 * and the test register is closed in reverse order; {@link #lost} records lost leaderships.
 */
final class HaJobManagers implements AutoCloseable {
    /** One JobManager process's parts. */
    record Contender(
            HighAvailabilityServices services,
            JobResultStore results,
            JobPersistence persistence,
            JobManagerLeadership leadership) {}

    /** What lost its leadership, or gave up, in the order it happened. */
    final List<String> lost = new CopyOnWriteArrayList<>();

    private final Configuration config;
    private final ClusterSecret secret;
    private final Path dir;
    private final String clusterId;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    HaJobManagers(Configuration config, ClusterSecret secret, Path dir, String clusterId) {
        this.config = config;
        this.secret = secret;
        this.dir = dir;
        this.clusterId = clusterId;
    }

    /** A started contender named {@code name}; its jars go to {@code jars-<name>}. */
    Contender contender(String name) throws Exception {
        HighAvailabilityServices services = closeLater(HighAvailabilityServicesFactory.create(config, clusterId, name));
        JobResultStore results = JobResultStores.create(config, services.clusterId());
        JobPersistence persistence =
                closeLater(new JobPersistence(services, results, RetryStrategy.fromConfiguration(config)));
        JobManagerLeadership leadership = closeLater(new JobManagerLeadership(
                services,
                persistence,
                config,
                secret,
                null,
                "127.0.0.1",
                runner -> null,
                dir.resolve("jars-" + name),
                lost::add));
        leadership.start();
        return new Contender(services, results, persistence, leadership);
    }

    /** Closes {@code resource} with the others, before those registered earlier. */
    <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                // best effort
            }
        }
    }
}
