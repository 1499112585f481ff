package dev.spindle.metrics.reporter.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.MeterView;
import dev.spindle.metrics.ReservoirHistogram;
import dev.spindle.metrics.SimpleCounter;
import dev.spindle.metrics.groups.JobManagerMetricGroup;
import dev.spindle.metrics.groups.OperatorMetricGroup;
import dev.spindle.metrics.groups.TaskManagerMetricGroup;
import dev.spindle.metrics.groups.TaskMetricGroup;
import dev.spindle.metrics.registry.MetricRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus reporter scraped over HTTP by the JDK's client: every metric family with its
 * labels and value, a family gone with its group, the next free port of a range, the port free
 * after close, and an exhausted range as a configuration error naming the option.
 */
class PrometheusReporterTest {
    private static final String OPERATOR_ID = "0123456789abcdef0123456789abcdef";
    private static final String TASK_LABELS = "host=\"host1\",job_id=\"jobhex\",job_name=\"Word_Count\","
            + "subtask_index=\"1\",task_attempt_id=\"2_1_0\",task_attempt_num=\"0\",task_id=\"2\","
            + "task_name=\"Flat_Map\",tm_id=\"tm_1\"";
    private final HttpClient http = HttpClient.newHttpClient();
    private MetricRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private MetricRegistry registryOnPorts(String ports) {
        Configuration config = new Configuration();
        config.setString("metrics.reporter.prom.type", "prometheus");
        config.setString("metrics.reporter.prom.host", "127.0.0.1");
        config.setString("metrics.reporter.prom.port", ports);
        return MetricRegistry.create(config);
    }

    private static int portOf(MetricRegistry registry) {
        return ((PrometheusReporter) registry.reporters().get(0).reporter()).port();
    }

    /** Every sample of the scrape: {@code name{labels}} to its value. */
    private Map<String, String> scrape(int port) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Map<String, String> samples = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return samples;
    }

    @Test
    void everyKindOfMetricIsAFamilyWithTheGroupsVariablesAsLabels() throws Exception {
        int taken = freePort();
        try (ServerSocket occupied = new ServerSocket(taken)) {
            // The first port of the range is taken: the reporter moves on to the next free one.
            registry = registryOnPorts(occupied.getLocalPort() + "-" + (taken + 20));
        }
        int port = portOf(registry);
        assertTrue(port > taken && port <= taken + 20, "port " + port);

        TaskManagerMetricGroup tm = new TaskManagerMetricGroup(registry, "host1", "tm-1");
        TaskMetricGroup task = tm.addTask("jobhex", "Word Count", "2", "Flat Map", 1, 0);
        task.counter("numRecordsOut", new SimpleCounter()).inc(42);
        OperatorMetricGroup op = task.addOperator(OPERATOR_ID, "Tokenizer");
        op.gauge("answer", (Gauge<Integer>) () -> 7);
        op.gauge("ready", (Gauge<Boolean>) () -> true);
        op.gauge("label", (Gauge<String>) () -> "not a number");
        MeterView meter = op.meter("perSecond", new MeterView(new SimpleCounter(), 5));
        meter.markEvent(10);
        meter.update();
        ReservoirHistogram sizes = op.histogram("sizes", new ReservoirHistogram(8));
        for (long v = 1; v <= 4; v++) {
            sizes.update(v);
        }
        JobManagerMetricGroup jm = new JobManagerMetricGroup(registry, "host1");
        jm.counter("numRegisteredTaskManagers", new SimpleCounter()).inc(3);

        Map<String, String> samples = scrape(port);
        String opLabels = TASK_LABELS.replace(
                ",subtask_index", ",operator_id=\"" + OPERATOR_ID + "\",operator_name=\"Tokenizer\",subtask_index");
        assertEquals(
                "42.0",
                samples.get("spindle_taskmanager_job_task_numRecordsOut{" + TASK_LABELS + "}"),
                samples::toString);
        assertEquals(
                "7.0",
                samples.get("spindle_taskmanager_job_task_operator_answer{" + opLabels + "}"),
                samples::toString);
        assertEquals("1.0", samples.get("spindle_taskmanager_job_task_operator_ready{" + opLabels + "}"));
        assertEquals("2.0", samples.get("spindle_taskmanager_job_task_operator_perSecond{" + opLabels + "}"));
        assertEquals("4", samples.get("spindle_taskmanager_job_task_operator_sizes_count{" + opLabels + "}"));
        assertEquals("10.0", samples.get("spindle_taskmanager_job_task_operator_sizes_sum{" + opLabels + "}"));
        assertEquals(
                "4.0", samples.get("spindle_taskmanager_job_task_operator_sizes{" + opLabels + ",quantile=\"0.999\"}"));
        assertEquals("3.0", samples.get("spindle_jobmanager_numRegisteredTaskManagers{host=\"host1\"}"));
        assertFalse(samples.keySet().stream().anyMatch(k -> k.contains("_label")), "a text gauge is left out");

        task.close();
        Map<String, String> after = scrape(port);
        assertFalse(
                after.keySet().stream().anyMatch(k -> k.startsWith("spindle_taskmanager_job_task")), after::toString);
        assertEquals("3.0", after.get("spindle_jobmanager_numRegisteredTaskManagers{host=\"host1\"}"));

        registry.close();
        registry = null;
        assertThrows(ConnectException.class, () -> scrape(port));
    }

    @Test
    void aRangeWithoutAFreePortIsAConfigurationErrorNamingTheOption() throws Exception {
        int taken = freePort();
        try (ServerSocket occupied = new ServerSocket(taken)) {
            IllegalConfigurationException e = assertThrows(
                    IllegalConfigurationException.class,
                    () -> registryOnPorts(String.valueOf(occupied.getLocalPort())));
            assertTrue(
                    e.getMessage().startsWith("metrics.reporter.prom.port: no port of " + taken + " is free"),
                    e.getMessage());
        }
        IllegalConfigurationException e =
                assertThrows(IllegalConfigurationException.class, () -> registryOnPorts("ninety"));
        assertTrue(e.getMessage().startsWith("metrics.reporter.prom.port: 'ninety' is not a port"), e.getMessage());
    }

    @Test
    void familyNamesKeepOnlyWhatPrometheusAllows() {
        assertEquals("spindle_a_b_c_1", PrometheusReporter.sanitize("spindle_a.b-c 1"));
        assertEquals("job_1_2", PrometheusReporter.sanitize("job 1.2"));
    }
}
