package dev.spindle.metrics.groups;

import dev.spindle.metrics.registry.MetricRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A user's subgroup ({@link dev.spindle.metrics.MetricGroup#addGroup}): its name (or key and value)
 * extends the parent's scope, logical scope and dump names; a key/value group adds the variable
 * {@code <key>}.
 */
final class GenericMetricGroup extends AbstractMetricGroup {

    GenericMetricGroup(MetricRegistry registry, AbstractMetricGroup parent, String name, String value) {
        this(registry, parent, name, value, false);
    }

    /** @param detached a group of a closed parent: it registers nothing */
    GenericMetricGroup(
            MetricRegistry registry, AbstractMetricGroup parent, String name, String value, boolean detached) {
        super(
                detached ? MetricRegistry.disabled() : registry,
                parent,
                scope(parent.getScopeComponents(), name, value),
                value == null ? Map.of() : Map.of("<" + name + ">", value),
                logical(parent.logicalScope(), name),
                parent.queryScope(),
                parent.dumpPrefix() + name + "." + (value == null ? "" : value + "."));
    }

    private static String[] scope(String[] parentScope, String name, String value) {
        List<String> components = new ArrayList<>(List.of(parentScope));
        components.add(name);
        if (value != null) {
            components.add(value);
        }
        return components.toArray(new String[0]);
    }

    private static List<String> logical(List<String> parentScope, String name) {
        List<String> l = new ArrayList<>(parentScope);
        l.add(name);
        return l;
    }
}
