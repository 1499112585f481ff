package dev.spindle.metrics.reporter;

import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.MetricOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One configured reporter, opened: its name, the reporter, its interval (for a {@link Scheduled}
 * one), its scope delimiter and its filter. {@link #fromConfiguration} reads them all from
 * {@code metrics.reporters} and {@code metrics.reporter.<name>.*}.
 *
 * @param includes {@code <scope>[:<name>]} patterns; empty for every metric
 */
public record ReporterSetup(
        String name, MetricReporter reporter, Duration interval, String delimiter, List<String> includes) {

    /**
     * The reporters the configuration asks for, each created and opened.
     *
     * @throws IllegalConfigurationException for an unknown type, a factory class that cannot be
     *     loaded, a reporter named in {@code metrics.reporters} but not configured, or a value a
     *     reporter cannot use: the message names the option; reporters opened so far are closed
     */
    public static List<ReporterSetup> fromConfiguration(Configuration config) {
        Map<String, MetricConfig> configured = new TreeMap<>();
        for (String key : config.toMap().keySet()) {
            if (key.startsWith(MetricOptions.REPORTER_PREFIX)) {
                String rest = key.substring(MetricOptions.REPORTER_PREFIX.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    String name = rest.substring(0, dot);
                    configured.computeIfAbsent(name, n -> MetricConfig.of(n, config));
                }
            }
        }
        List<String> wanted = config.get(MetricOptions.REPORTERS_LIST);
        if (wanted != null) {
            for (String name : wanted) {
                if (!configured.containsKey(name)) {
                    throw new IllegalConfigurationException(MetricOptions.REPORTERS_LIST.key() + " names the reporter '"
                            + name + "', but no " + MetricOptions.REPORTER_PREFIX + name + ".type or .factory.class"
                            + " is set");
                }
            }
            configured.keySet().retainAll(wanted);
        }
        List<ReporterSetup> setups = new ArrayList<>();
        try {
            for (MetricConfig c : configured.values()) {
                setups.add(open(c));
            }
        } catch (RuntimeException e) {
            for (ReporterSetup s : setups) {
                s.reporter().close();
            }
            throw e;
        }
        return setups;
    }

    private static ReporterSetup open(MetricConfig c) {
        Duration interval = c.getDuration("interval", MetricOptions.REPORTER_INTERVAL.defaultValue());
        String delimiter = c.getString("scope.delimiter", ".");
        List<String> includes = new ArrayList<>();
        for (String item : c.getString("filter.includes", "").split("[;,]")) {
            if (!item.isBlank()) {
                includes.add(item.trim());
            }
        }
        MetricReporter reporter = factoryOf(c).createMetricReporter();
        reporter.open(c);
        return new ReporterSetup(c.reporterName(), reporter, interval, delimiter, List.copyOf(includes));
    }

    private static MetricReporterFactory factoryOf(MetricConfig c) {
        String className = c.getString("factory.class", null);
        if (className != null) {
            try {
                Class<?> type = Class.forName(className, true, ReporterSetup.class.getClassLoader());
                return (MetricReporterFactory) type.getConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new IllegalConfigurationException(c.keyOf("factory.class") + ": cannot use '" + className
                        + "' (" + e.getClass().getSimpleName() + "); it must be a public "
                        + MetricReporterFactory.class.getName() + " with a public no-argument constructor on the "
                        + "classpath");
            }
        }
        String type = c.getString("type", null);
        if (type == null) {
            throw new IllegalConfigurationException("the metric reporter '" + c.reporterName() + "' has no "
                    + c.keyOf("type") + " (e.g. jmx or slf4j) and no " + c.keyOf("factory.class"));
        }
        TreeSet<String> known = new TreeSet<>();
        for (MetricReporterFactory f :
                ServiceLoader.load(MetricReporterFactory.class, ReporterSetup.class.getClassLoader())) {
            if (f.type().equalsIgnoreCase(type)) {
                return f;
            }
            known.add(f.type());
        }
        throw new IllegalConfigurationException(
                c.keyOf("type") + ": unknown reporter type '" + type + "'; known types: " + String.join(", ", known));
    }

    /** Whether the reporter reports the metric {@code name} of a group with this logical scope. */
    public boolean accepts(String logicalScope, String name) {
        if (includes.isEmpty()) {
            return true;
        }
        for (String include : includes) {
            int colon = include.indexOf(':');
            String scopePattern = colon < 0 ? include : include.substring(0, colon);
            String namePattern = colon < 0 ? "*" : include.substring(colon + 1);
            if (glob(scopePattern).matcher(logicalScope).matches()
                    && glob(namePattern).matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** {@code *} matches anything; every other character itself. */
    private static Pattern glob(String pattern) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
