package dev.spindle.metrics.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.MetricOptions;
import dev.spindle.metrics.Counter;
import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.Histogram;
import dev.spindle.metrics.MeterView;
import dev.spindle.metrics.ReservoirHistogram;
import dev.spindle.metrics.SimpleCounter;
import dev.spindle.metrics.TestingReporter;
import dev.spindle.metrics.dump.MetricDump;
import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.groups.OperatorMetricGroup;
import dev.spindle.metrics.groups.TaskManagerMetricGroup;
import dev.spindle.metrics.groups.TaskMetricGroup;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry: dumps, unregistering with closed groups, the off switch, reporters and their configuration errors. */
class MetricRegistryTest {
    private static final String OPERATOR_ID = "0123456789abcdef0123456789abcdef";
    private MetricRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private static Map<String, String> dump(MetricRegistry registry, QueryScope scope) {
        Map<String, String> values = new TreeMap<>();
        for (MetricDump d : registry.dumpMetrics()) {
            if (d.scope().equals(scope)) {
                values.put(d.name(), d.value());
            }
        }
        return values;
    }

    @Test
    void dumpsEveryKindOfMetricWithItsQueryScope() {
        registry = MetricRegistry.create(new Configuration());
        TaskManagerMetricGroup tm = new TaskManagerMetricGroup(registry, "h", "tm-1");
        TaskMetricGroup task = tm.addTask("j1", "job", "2", "Map", 0, 0);
        OperatorMetricGroup op = task.addOperator(OPERATOR_ID, "Map");
        op.counter("c").inc(5);
        op.gauge("g", (Gauge<String>) () -> "abc");
        MeterView meter = op.meter("m", new MeterView(new SimpleCounter(), 5));
        meter.markEvent(20);
        meter.update();
        Histogram h = op.addGroup("user").histogram("h", new ReservoirHistogram(8));
        for (long v = 1; v <= 4; v++) {
            h.update(v);
        }
        task.counter("numRecordsIn").inc(3);
        tm.counter("tmCounter").inc(9);

        Map<String, String> expected = new TreeMap<>();
        expected.put("c", "5");
        expected.put("g", "abc");
        expected.put("m", "4.0");
        expected.put("user.h_min", "1");
        expected.put("user.h_max", "4");
        expected.put("user.h_mean", "2.5");
        expected.put("user.h_p50", "2.0");
        expected.put("user.h_p95", "4.0");
        expected.put("user.h_p99", "4.0");
        expected.put("user.h_count", "4");
        assertEquals(expected, dump(registry, QueryScope.operator("tm-1", "j1", "2", 0, "Map")));
        assertEquals(Map.of("numRecordsIn", "3"), dump(registry, QueryScope.task("tm-1", "j1", "2", 0)));
        assertEquals(Map.of("tmCounter", "9"), dump(registry, QueryScope.taskManager("tm-1")));
    }

    @Test
    void closingATaskGroupRemovesItsAndItsOperatorsMetricsAndTheJobGroupWithTheLastTask() {
        registry = MetricRegistry.create(new Configuration());
        TaskManagerMetricGroup tm = new TaskManagerMetricGroup(registry, "h", "tm-1");
        tm.counter("stays");
        TaskMetricGroup first = tm.addTask("j1", "job", "1", "Source", 0, 0);
        TaskMetricGroup second = tm.addTask("j1", "job", "1", "Source", 1, 0);
        first.counter("numRecordsOut");
        first.addOperator(OPERATOR_ID, "Source").counter("numRecordsOut");
        second.counter("numRecordsOut");
        assertEquals(4, registry.size());

        first.close();
        assertEquals(2, registry.size());
        second.close();
        assertEquals(1, registry.size());
        assertEquals(List.of(new MetricDump(QueryScope.taskManager("tm-1"), "stays", "0")), registry.dumpMetrics());
        // A later task of the job gets a new job group; the closed one registers nothing any more.
        TaskMetricGroup again = tm.addTask("j1", "job", "1", "Source", 0, 1);
        again.counter("numRecordsOut").inc();
        first.counter("late");
        assertEquals(2, registry.size());
    }

    @Test
    void metricsOffRegistersNothing() {
        Configuration config = new Configuration();
        config.set(MetricOptions.ENABLED, false);
        config.setString("metrics.reporter.t.factory.class", TestingReporter.Factory.class.getName());
        int made = TestingReporter.MADE.size();
        registry = MetricRegistry.create(config);
        assertFalse(registry.isEnabled());
        TaskManagerMetricGroup tm = new TaskManagerMetricGroup(registry, "h", "tm-1");
        Counter c = tm.addTask("j", "job", "1", "Map", 0, 0).counter("numRecordsIn");
        c.inc(); // still counts: the job result reads the same counters
        assertEquals(1, c.getCount());
        assertEquals(List.of(), registry.dumpMetrics());
        assertEquals(made, TestingReporter.MADE.size()); // no reporter made
    }

    @Test
    void reportersHearOfAddedAndRemovedMetricsThroughTheirFilter() {
        Configuration config = new Configuration();
        config.setString("metrics.reporter.all.factory.class", TestingReporter.Factory.class.getName());
        config.setString("metrics.reporter.all.custom", "x");
        config.setString("metrics.reporter.some.factory.class", TestingReporter.Factory.class.getName());
        config.setString("metrics.reporter.some.filter.includes", "taskmanager.job.task:numRecords*");
        config.setString("metrics.reporter.off.factory.class", TestingReporter.Factory.class.getName());
        config.setString("metrics.reporters", "all,some");
        int made = TestingReporter.MADE.size();
        registry = MetricRegistry.create(config);
        assertEquals(made + 2, TestingReporter.MADE.size());
        TestingReporter all = TestingReporter.MADE.get(made);
        TestingReporter some = TestingReporter.MADE.get(made + 1);
        assertEquals(Map.of("factory.class", TestingReporter.Factory.class.getName(), "custom", "x"), all.options);

        TaskManagerMetricGroup tm = new TaskManagerMetricGroup(registry, "h", "tm-1");
        TaskMetricGroup task = tm.addTask("j", "job", "1", "Map", 0, 0);
        task.counter("numRecordsIn");
        task.counter("numBytesIn");
        task.close();
        assertEquals(
                List.of(
                        "+h.taskmanager.tm-1.job.Map.0.numRecordsIn",
                        "+h.taskmanager.tm-1.job.Map.0.numBytesIn",
                        "-h.taskmanager.tm-1.job.Map.0.numRecordsIn",
                        "-h.taskmanager.tm-1.job.Map.0.numBytesIn"),
                all.events);
        assertEquals(
                List.of("+h.taskmanager.tm-1.job.Map.0.numRecordsIn", "-h.taskmanager.tm-1.job.Map.0.numRecordsIn"),
                some.events);
        registry.close();
        assertTrue(all.closed);
        assertTrue(some.closed);
    }

    @Test
    void filterIncludesMatchLogicalScopeAndName() {
        var setup = new dev.spindle.metrics.reporter.ReporterSetup(
                "r", null, java.time.Duration.ofSeconds(1), ".", List.of("jobmanager", "*.task:numBytes*"));
        assertTrue(setup.accepts("jobmanager", "numRunningJobs"));
        assertFalse(setup.accepts("jobmanager.job", "uptime"));
        assertTrue(setup.accepts("taskmanager.job.task", "numBytesInPerSecond"));
        assertFalse(setup.accepts("taskmanager.job.task", "numRecordsIn"));
        assertFalse(setup.accepts("taskmanager.job.task.operator", "numBytesIn"));
    }

    @Test
    void aReporterCanBeFoundByItsType() {
        Configuration config = new Configuration();
        config.setString("metrics.reporter.log.type", "SLF4J");
        registry = MetricRegistry.create(config);
        assertEquals(1, registry.reporters().size());
        assertEquals("log", registry.reporters().get(0).name());
        assertEquals(
                "Slf4jReporter",
                registry.reporters().get(0).reporter().getClass().getSimpleName());
    }

    private static String errorOf(String... keyValues) {
        Configuration config = new Configuration();
        for (int i = 0; i < keyValues.length; i += 2) {
            config.setString(keyValues[i], keyValues[i + 1]);
        }
        return assertThrows(IllegalConfigurationException.class, () -> MetricRegistry.create(config))
                .getMessage();
    }

    @Test
    void configurationErrorsNameTheOption() {
        assertEquals(
                "metrics.reporter.r.type: unknown reporter type 'graphite'; known types: jmx, prometheus, slf4j",
                errorOf("metrics.reporter.r.type", "graphite"));
        assertEquals(
                "metrics.reporter.r.factory.class: cannot use 'com.example.Missing' (ClassNotFoundException); it must "
                        + "be a public dev.spindle.metrics.reporter.MetricReporterFactory with a public no-argument "
                        + "constructor on the classpath",
                errorOf("metrics.reporter.r.factory.class", "com.example.Missing"));
        assertEquals(
                "metrics.reporter.r.interval: 'often' is not a positive duration such as 10 s or 1 min",
                errorOf("metrics.reporter.r.type", "slf4j", "metrics.reporter.r.interval", "often"));
        assertEquals(
                "the metric reporter 'r' has no metrics.reporter.r.type (e.g. jmx or slf4j) and no "
                        + "metrics.reporter.r.factory.class",
                errorOf("metrics.reporter.r.port", "9250"));
        assertEquals(
                "metrics.reporters names the reporter 'jmx', but no metrics.reporter.jmx.type or .factory.class is set",
                errorOf("metrics.reporters", "jmx"));
        assertEquals(
                "metrics.reporter.j.port: '92x' is not a port (1-65535), a range such as 9250-9260, or a list such "
                        + "as 9250,9252",
                errorOf("metrics.reporter.j.type", "jmx", "metrics.reporter.j.port", "92x"));
        assertEquals(
                "metrics.scope.operator must not be empty; its default is "
                        + MetricOptions.SCOPE_OPERATOR.defaultValue(),
                errorOf("metrics.scope.operator", " "));
    }

    @Test
    void reportersOpenedBeforeAFailingOneAreClosed() {
        int made = TestingReporter.MADE.size();
        errorOf(
                "metrics.reporter.a.factory.class",
                TestingReporter.Factory.class.getName(),
                "metrics.reporter.b.type",
                "nope");
        TestingReporter a = TestingReporter.MADE.get(made);
        assertTrue(a.closed);
        assertNotSame(MetricRegistry.disabled(), registry);
    }
}
