package dev.spindle.metrics.reporter.slf4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.MetricGroup;
import dev.spindle.metrics.ReservoirHistogram;
import dev.spindle.metrics.SimpleCounter;
import dev.spindle.metrics.groups.TaskManagerMetricGroup;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.metrics.reporter.MetricConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the SLF4J reporter writes: every metric by its identifier, by kind, sorted. */
class Slf4jReporterTest {

    @Test
    void reportListsEveryMetricWithItsValue() {
        Slf4jReporter reporter = new Slf4jReporter();
        reporter.open(new MetricConfig("log", Map.of("scope.delimiter", "/")));
        MetricGroup group = new TaskManagerMetricGroup(MetricRegistry.disabled(), "h", "tm-1");
        SimpleCounter c = new SimpleCounter();
        c.inc(3);
        reporter.notifyOfAddedMetric(c, "records", group);
        Gauge<String> g = () -> "up";
        reporter.notifyOfAddedMetric(g, "state", group);
        ReservoirHistogram h = new ReservoirHistogram(4);
        h.update(5);
        reporter.notifyOfAddedMetric(h, "sizes", group);
        String ls = System.lineSeparator();
        List<String> lines = List.of(reporter.render().split(ls));
        assertEquals(
                List.of(
                        "",
                        "=========================== Starting metrics report ===========================",
                        "",
                        "-- Counters " + "-".repeat(67),
                        "",
                        "h/taskmanager/tm-1/records: 3",
                        "",
                        "-- Gauges " + "-".repeat(69),
                        "",
                        "h/taskmanager/tm-1/state: up",
                        "",
                        "-- Meters " + "-".repeat(69),
                        "",
                        "",
                        "-- Histograms " + "-".repeat(65),
                        "",
                        "h/taskmanager/tm-1/sizes: count=1, min=5, max=5, mean=5.0, stddev=0.0, p50=5.0, p95=5.0, "
                                + "p99=5.0",
                        "=========================== Finished metrics report ==========================="),
                lines);
        reporter.notifyOfRemovedMetric(c, "records", group);
        assertEquals(false, reporter.render().contains("records"));
    }
}
