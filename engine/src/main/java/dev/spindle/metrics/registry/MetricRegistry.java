package dev.spindle.metrics.registry;

import dev.spindle.config.Configuration;
import dev.spindle.config.MetricOptions;
import dev.spindle.metrics.Metric;
import dev.spindle.metrics.MetricGroup;
import dev.spindle.metrics.View;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.metrics.dump.MetricDumpSource;
import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.reporter.ReporterSetup;
import dev.spindle.metrics.reporter.Scheduled;
import dev.spindle.metrics.scope.ScopeFormats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one process (a JobManager, a TaskManager, a local execution): what its groups
 * register, the reporters that are told of each metric, and one timer thread that updates the
 * {@link View}s (meters) and runs the {@link Scheduled} reporters. Also the process's
 * {@link MetricDumpSource}: the REST endpoint reads the current values through {@link #dumpMetrics}.
 *
 * <p>Thread-safe. Registering and unregistering (when tasks and jobs start and end) tell the
 * reporters under the registry's lock; dumping reads a concurrent map and takes no lock the tasks
 * take.
 */
public final class MetricRegistry implements MetricDumpSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricRegistry.class);
    private static final MetricRegistry DISABLED =
            new MetricRegistry(false, ScopeFormats.from(new Configuration()), List.of());

    private final boolean enabled;
    private final ScopeFormats scopeFormats;
    private final List<ReporterSetup> reporters;
    private final Map<Key, Entry> metrics = new ConcurrentHashMap<>();
    private final Set<View> views = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private boolean closed;

    /** A registered metric: the group (by identity: groups do not override equals) and the name in it. */
    private record Key(MetricGroup group, String name) {}

    /** A registered metric and where it shows in dumps. */
    private record Entry(Metric metric, QueryScope scope, String dumpName) {}

    private MetricRegistry(boolean enabled, ScopeFormats scopeFormats, List<ReporterSetup> reporters) {
        this.enabled = enabled;
        this.scopeFormats = scopeFormats;
        this.reporters = List.copyOf(reporters);
        this.timer = enabled ? startTimer() : null;
    }

    /**
     * The registry of a process with {@code config}: its scope formats and reporters, opened.
     *
     * @throws dev.spindle.config.IllegalConfigurationException for a scope format or reporter
     *     option that cannot be used, naming the option
     */
    public static MetricRegistry create(Configuration config) {
        if (!config.get(MetricOptions.ENABLED)) {
            return DISABLED;
        }
        ScopeFormats formats = ScopeFormats.from(config);
        MetricRegistry registry = new MetricRegistry(true, formats, ReporterSetup.fromConfiguration(config));
        registry.scheduleReporters();
        return registry;
    }

    /** A registry that registers nothing (metrics off); closing it does nothing. */
    public static MetricRegistry disabled() {
        return DISABLED;
    }

    private static ScheduledExecutorService startTimer() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Spindle metrics");
            t.setDaemon(true);
            return t;
        });
    }

    private void scheduleReporters() {
        timer.scheduleWithFixedDelay(
                this::updateViews, View.UPDATE_INTERVAL_SECONDS, View.UPDATE_INTERVAL_SECONDS, TimeUnit.SECONDS);
        for (ReporterSetup setup : reporters) {
            if (setup.reporter() instanceof Scheduled scheduled) {
                long ms = setup.interval().toMillis();
                timer.scheduleWithFixedDelay(() -> report(setup, scheduled), ms, ms, TimeUnit.MILLISECONDS);
            }
            LOG.info(
                    "Metric reporter {} started ({})",
                    setup.name(),
                    setup.reporter().getClass().getSimpleName());
        }
    }

    private static void report(ReporterSetup setup, Scheduled scheduled) {
        try {
            scheduled.report();
        } catch (RuntimeException e) {
            LOG.warn("Metric reporter {} failed to report: {}", setup.name(), e.toString());
        }
    }

    private void updateViews() {
        for (View v : views) {
            try {
                v.update();
            } catch (RuntimeException e) {
                LOG.debug("a metric view failed to update", e);
            }
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public ScopeFormats scopeFormats() {
        return scopeFormats;
    }

    /** The reporters, for tests and for those that need to find theirs (a port a reporter bound). */
    public List<ReporterSetup> reporters() {
        return reporters;
    }

    /**
     * Called by {@code group} when it registers {@code metric} as {@code name}; dumps show it in
     * {@code scope} as {@code dumpName}.
     */
    public void register(Metric metric, String name, MetricGroup group, QueryScope scope, String dumpName) {
        if (!enabled) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            metrics.put(new Key(group, name), new Entry(metric, scope, dumpName));
            if (metric instanceof View v) {
                views.add(v);
            }
            String logicalScope = group.getLogicalScope(".");
            for (ReporterSetup setup : reporters) {
                if (setup.accepts(logicalScope, name)) {
                    try {
                        setup.reporter().notifyOfAddedMetric(metric, name, group);
                    } catch (RuntimeException e) {
                        LOG.warn("Metric reporter {} could not add {}: {}", setup.name(), name, e.toString());
                    }
                }
            }
        }
    }

    /** Called by {@code group} when it closes. */
    public void unregister(Metric metric, String name, MetricGroup group) {
        if (!enabled) {
            return;
        }
        synchronized (this) {
            if (metrics.remove(new Key(group, name)) == null) {
                return;
            }
            if (metric instanceof View v) {
                views.remove(v);
            }
            String logicalScope = group.getLogicalScope(".");
            for (ReporterSetup setup : reporters) {
                if (setup.accepts(logicalScope, name)) {
                    try {
                        setup.reporter().notifyOfRemovedMetric(metric, name, group);
                    } catch (RuntimeException e) {
                        LOG.warn("Metric reporter {} could not remove {}: {}", setup.name(), name, e.toString());
                    }
                }
            }
        }
    }

    /** The number of registered metrics; for tests. */
    public int size() {
        return metrics.size();
    }

    @Override
    public List<MetricDump> dumpMetrics() {
        List<MetricDump> dumps = new ArrayList<>(metrics.size() + 16);
        metrics.values().forEach(e -> MetricDumps.add(dumps, e.scope(), e.dumpName(), e.metric()));
        return dumps;
    }

    /** Closes the reporters (freeing their ports and threads) and stops the timer; idempotent. */
    @Override
    public void close() {
        if (!enabled) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.shutdownNow();
        for (ReporterSetup setup : reporters) {
            try {
                setup.reporter().close();
            } catch (RuntimeException e) {
                LOG.warn("Metric reporter {} did not close cleanly: {}", setup.name(), e.toString());
            }
        }
        metrics.clear();
        views.clear();
    }
}
