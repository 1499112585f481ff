package dev.spindle.metrics.groups;

import dev.spindle.metrics.Counter;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.Histogram;
import dev.spindle.metrics.Meter;
import dev.spindle.metrics.Metric;
import dev.spindle.metrics.MetricGroup;
import dev.spindle.metrics.SimpleCounter;
import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.registry.MetricRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every metric group does: registers its metrics with the {@link MetricRegistry} (unless
 * metrics are off), keeps its subgroups, and on {@link #close} unregisters everything below it, so
 * that a finished task's metrics leave the registry and the reporters.
 *
 * <p>Thread-safe: registration and closing take the group's monitor; they happen when tasks and
 * jobs start and end, never per record.
 */
public abstract class AbstractMetricGroup implements MetricGroup {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractMetricGroup.class);

    protected final MetricRegistry registry;
    protected final AbstractMetricGroup parent;
    private final String[] scopeComponents;
    private final Map<String, String> variables;
    private final List<String> logicalScope;
    private final QueryScope queryScope;
    /** What the names of this group's metrics start with in dumps: the user groups' names, with dots. */
    private final String dumpPrefix;

    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final Map<String, AbstractMetricGroup> subgroups = new HashMap<>();
    private boolean closed;

    /**
     * @param variables this group's own variables (its parent's are added)
     */
    protected AbstractMetricGroup(
            MetricRegistry registry,
            AbstractMetricGroup parent,
            String[] scopeComponents,
            Map<String, String> variables,
            List<String> logicalScope,
            QueryScope queryScope,
            String dumpPrefix) {
        this.registry = registry;
        this.parent = parent;
        this.scopeComponents = scopeComponents.clone();
        Map<String, String> all = new LinkedHashMap<>();
        if (parent != null) {
            all.putAll(parent.variables);
        }
        all.putAll(variables);
        this.variables = Collections.unmodifiableMap(all);
        this.logicalScope = List.copyOf(logicalScope);
        this.queryScope = queryScope;
        this.dumpPrefix = dumpPrefix;
    }

    @Override
    public Counter counter(String name) {
        return counter(name, new SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        addMetric(name, counter);
        return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        addMetric(name, gauge);
        return gauge;
    }

    @Override
    public <M extends Meter> M meter(String name, M meter) {
        addMetric(name, meter);
        return meter;
    }

    @Override
    public <H extends Histogram> H histogram(String name, H histogram) {
        addMetric(name, histogram);
        return histogram;
    }

    /** Registers {@code metric} unless metrics are off, the group is closed or the name is taken. */
    protected void addMetric(String name, Metric metric) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        if (!registry.isEnabled()) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            if (metrics.containsKey(name) || subgroups.containsKey(name)) {
                LOG.warn(
                        "A metric named {} is already in group {}; the second one is not reported",
                        name,
                        getMetricIdentifier(""));
                return;
            }
            metrics.put(name, metric);
        }
        registry.register(metric, name, this, queryScope, dumpName(name));
    }

    @Override
    public MetricGroup addGroup(String name) {
        return subgroup(name, () -> new GenericMetricGroup(registry, this, name, null));
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
        return subgroup(key + "\u0000" + value, () -> new GenericMetricGroup(registry, this, key, value));
    }

    private synchronized AbstractMetricGroup subgroup(
            String id, java.util.function.Supplier<AbstractMetricGroup> factory) {
        if (closed) {
            return new GenericMetricGroup(registry, this, id.replace('\u0000', '.'), null, true);
        }
        return subgroups.computeIfAbsent(id, n -> factory.get());
    }

    @Override
    public String[] getScopeComponents() {
        return scopeComponents.clone();
    }

    @Override
    public Map<String, String> getAllVariables() {
        return variables;
    }

    @Override
    public String getMetricIdentifier(String metricName) {
        return getMetricIdentifier(metricName, ".");
    }

    @Override
    public String getMetricIdentifier(String metricName, String delimiter) {
        StringBuilder b = new StringBuilder();
        for (String c : scopeComponents) {
            b.append(c).append(delimiter);
        }
        return b.append(metricName).toString();
    }

    @Override
    public String getLogicalScope(String delimiter) {
        return String.join(delimiter, logicalScope);
    }

    List<String> logicalScope() {
        return logicalScope;
    }

    /** Where this group's metrics show in dumps. */
    public QueryScope queryScope() {
        return queryScope;
    }

    /** The name of the metric {@code name} of this group in dumps, e.g. {@code myGroup.myCounter}. */
    public String dumpName(String name) {
        return dumpPrefix + name;
    }

    String dumpPrefix() {
        return dumpPrefix;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Unregisters this group's metrics and closes its subgroups; idempotent. */
    public void close() {
        List<AbstractMetricGroup> children;
        Map<String, Metric> own;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            children = new ArrayList<>(subgroups.values());
            own = new LinkedHashMap<>(metrics);
            subgroups.clear();
            metrics.clear();
        }
        for (AbstractMetricGroup child : children) {
            child.close();
        }
        own.forEach((name, metric) -> registry.unregister(metric, name, this));
    }
}
