package dev.spindle.metrics.reporter.prometheus;

import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.metrics.Metric;
import dev.spindle.metrics.MetricGroup;
import dev.spindle.metrics.reporter.MetricConfig;
import dev.spindle.metrics.reporter.MetricReporter;
import dev.spindle.metrics.reporter.PortRanges;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the process's metrics for Prometheus to scrape, over HTTP at {@code /metrics} on the first
 * free port of {@code metrics.reporter.<name>.port} (Flink's default {@code 9249}; a range such as
 * {@code 9250-9260} lets several processes of one host each take one), which it logs. The exposition
 * is the Prometheus Java client's: this class only turns Spindle's metrics into its snapshots
 * ({@link MetricFamilies}).
 *
 * <p>Names and labels are Flink's: {@code spindle_<logical scope>_<name>} with {@code _} for every
 * character Prometheus does not allow, e.g. {@code spindle_taskmanager_job_task_numRecordsIn}, and the
 * group's variables as labels ({@code host}, {@code tm_id}, {@code job_id}, {@code task_name},
 * {@code subtask_index}, ...). Counters, meters (their rate) and numeric gauges are Prometheus
 * gauges (a Spindle counter may go down); histograms are summaries. {@code .host} binds to one
 * address instead of all of them.
 *
 * <p>When no port of the option is free the process does not start: the error names the option.
 *
 * <p>The endpoint is read-only and unauthenticated, as Flink's: open it to the scraper's network only.
 */
public final class PrometheusReporter implements MetricReporter {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusReporter.class);
    static final String DEFAULT_PORT = "9249";

    private final MetricFamilies families = new MetricFamilies();
    private HTTPServer server;

    @Override
    public void open(MetricConfig config) {
        families.filterLabelValues(config.getBoolean("filterLabelValueCharacters", true));
        List<Integer> ports = PortRanges.parse(config.getString("port", DEFAULT_PORT), config.keyOf("port"));
        String host = config.getString("host", null);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(families);
        IOException last = null;
        for (int port : ports) {
            try {
                HTTPServer.Builder builder = HTTPServer.builder().port(port).registry(registry);
                if (host != null) {
                    builder.hostname(host);
                }
                server = builder.buildAndStart();
                LOG.info(
                        "Prometheus reporter {} serves metrics at http://{}:{}/metrics",
                        config.reporterName(),
                        host == null ? "<any address>" : host,
                        server.getPort());
                return;
            } catch (BindException e) {
                last = e;
            } catch (IOException e) {
                last = e;
                break;
            }
        }
        throw new IllegalConfigurationException(config.keyOf("port") + ": no port of "
                + config.getString("port", DEFAULT_PORT) + " is free for the Prometheus endpoint ("
                + (last == null ? "none given" : last.getMessage())
                + "); give a range such as 9250-9260 when several processes share a host");
    }

    /** The port the endpoint listens on, or -1 when it is closed. */
    public int port() {
        return server == null ? -1 : server.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        families.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        families.add(metric, familyName(metricName, group), labels(group));
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        families.remove(metric, familyName(metricName, group));
    }

    /** {@code spindle_<logical scope>_<name>}, every character outside {@code [a-zA-Z0-9_:]} as {@code _} (it starts with a letter). */
    static String familyName(String metricName, MetricGroup group) {
        return sanitize("spindle_" + group.getLogicalScope("_") + "_" + metricName);
    }

    private static Map<String, String> labels(MetricGroup group) {
        Map<String, String> labels = new TreeMap<>();
        group.getAllVariables().forEach((k, v) -> labels.put(sanitize(strip(k)), v));
        return labels;
    }

    private static String strip(String variable) {
        return variable.startsWith("<") && variable.endsWith(">")
                ? variable.substring(1, variable.length() - 1)
                : variable;
    }

    static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (c >= '0' && c <= '9');
            b.append(ok ? c : '_');
        }
        return b.toString();
    }
}
