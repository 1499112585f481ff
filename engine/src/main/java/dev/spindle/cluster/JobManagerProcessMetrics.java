package dev.spindle.cluster;

import dev.spindle.jobmanager.ClusterOverview;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.groups.JobManagerMetricGroup;
import dev.spindle.metrics.groups.JvmMetrics;
import dev.spindle.metrics.registry.MetricRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * A JobManager's metric registry and its process group: the JVM's metrics, the cluster's
 * TaskManager, slot and running-job counts, and (through the dispatcher) each job's group.
 */
final class JobManagerProcessMetrics implements AutoCloseable {
    /** How long one cluster overview serves the gauges: a dump reads four of them at once. */
    private static final long OVERVIEW_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MetricRegistry registry;
    private final JobManagerMetricGroup group;
    private final Dispatcher dispatcher;
    private ClusterOverview overview;
    private long overviewAt;

    private JobManagerProcessMetrics(MetricRegistry registry, JobManagerMetricGroup group, Dispatcher dispatcher) {
        this.registry = registry;
        this.group = group;
        this.dispatcher = dispatcher;
    }

    static JobManagerProcessMetrics register(MetricRegistry registry, String host, Dispatcher dispatcher) {
        JobManagerMetricGroup group = new JobManagerMetricGroup(registry, host);
        JobManagerProcessMetrics metrics = new JobManagerProcessMetrics(registry, group, dispatcher);
        JvmMetrics.register(group);
        metrics.overviewGauge("numRegisteredTaskManagers", ClusterOverview::taskManagers);
        metrics.overviewGauge("numRunningJobs", ClusterOverview::jobsRunning);
        metrics.overviewGauge("taskSlotsTotal", ClusterOverview::slotsTotal);
        metrics.overviewGauge("taskSlotsAvailable", ClusterOverview::slotsAvailable);
        dispatcher.setMetricGroup(group);
        return metrics;
    }

    private void overviewGauge(String name, ToIntFunction<ClusterOverview> field) {
        group.gauge(name, (Gauge<Integer>) () -> field.applyAsInt(overview()));
    }

    private synchronized ClusterOverview overview() {
        long now = System.nanoTime();
        if (overview == null || now - overviewAt > OVERVIEW_MAX_AGE_NANOS) {
            overview = dispatcher.requestClusterOverview().join();
            overviewAt = now;
        }
        return overview;
    }

    MetricRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        dispatcher.setMetricGroup(null);
        group.close();
        registry.close();
    }
}
