package dev.spindle.metrics.groups;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.config.Configuration;
import dev.spindle.config.MetricOptions;
import dev.spindle.metrics.MetricGroup;
import dev.spindle.metrics.dump.QueryScope;
import dev.spindle.metrics.registry.MetricRegistry;
import dev.spindle.metrics.scope.ScopeFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scope formats, variables, logical scopes and query scopes of the group hierarchy. */
class MetricGroupScopeTest {
    private static final String OPERATOR_ID = "0123456789abcdef0123456789abcdef";
    private MetricRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private OperatorMetricGroup operator(Configuration config) {
        registry = MetricRegistry.create(config);
        TaskManagerMetricGroup tm = new TaskManagerMetricGroup(registry, "host1", "tm-1");
        TaskMetricGroup task = tm.addTask("job-hex", "WordCount", "3", "Flat Map", 1, 2);
        return task.addOperator(OPERATOR_ID, "Tokenizer");
    }

    @Test
    void scopeFormatReplacesVariablesAndKeepsUnknownOnes() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("<host>", "h");
        vars.put("<tm_id>", "tm-7");
        assertArrayEquals(
                new String[] {"h", "taskmanager", "tm-7", "x-<nope>"},
                new ScopeFormat("<host>.taskmanager.<tm_id>.x-<nope>").format(vars));
    }

    @Test
    void defaultFormatsAreFlinks() {
        OperatorMetricGroup op = operator(new Configuration());
        assertEquals(
                "host1.taskmanager.tm-1.WordCount.Tokenizer.1.numRecordsIn", op.getMetricIdentifier("numRecordsIn"));
        assertEquals("host1_taskmanager_tm-1_WordCount_Tokenizer_1_x", op.getMetricIdentifier("x", "_"));
        assertEquals("taskmanager.job.task.operator", op.getLogicalScope("."));
        assertEquals(QueryScope.operator("tm-1", "job-hex", "3", 1, "Tokenizer"), op.queryScope());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("<host>", "host1");
        expected.put("<tm_id>", "tm-1");
        expected.put("<job_id>", "job-hex");
        expected.put("<job_name>", "WordCount");
        expected.put("<task_id>", "3");
        expected.put("<task_name>", "Flat Map");
        expected.put("<task_attempt_id>", "3_1_2");
        expected.put("<task_attempt_num>", "2");
        expected.put("<subtask_index>", "1");
        expected.put("<operator_id>", OPERATOR_ID);
        expected.put("<operator_name>", "Tokenizer");
        assertEquals(expected, op.getAllVariables());
    }

    @Test
    void configuredFormatsShapeTheIdentifiers() {
        Configuration config = new Configuration();
        config.set(MetricOptions.SCOPE_OPERATOR, "<job_id>.<task_name>.<operator_name>.<subtask_index>");
        config.setString("metrics.scope.tm.job", "<tm_id>.<job_name>"); // Flink's older key
        OperatorMetricGroup op = operator(config);
        assertEquals("job-hex.Flat Map.Tokenizer.1.c", op.getMetricIdentifier("c"));
        JobManagerMetricGroup jm = new JobManagerMetricGroup(registry, "host1");
        assertEquals("host1.jobmanager.uptime", jm.getMetricIdentifier("uptime"));
        assertEquals(
                "host1.jobmanager.WordCount.uptime", jm.addJob("j", "WordCount").getMetricIdentifier("uptime"));
        TaskManagerMetricGroup tm = new TaskManagerMetricGroup(registry, "host1", "tm-2");
        assertEquals("host1.taskmanager.tm-2.c", tm.getMetricIdentifier("c"));
        TaskManagerJobMetricGroup job = new TaskManagerJobMetricGroup(registry, tm, "j", "WordCount");
        assertEquals("tm-2.WordCount.c", job.getMetricIdentifier("c"));
    }

    @Test
    void userGroupsExtendScopeVariablesAndDumpNames() {
        OperatorMetricGroup op = operator(new Configuration());
        MetricGroup user = op.addGroup("myGroup").addGroup("region", "eu");
        assertEquals(
                "host1.taskmanager.tm-1.WordCount.Tokenizer.1.myGroup.region.eu.hits",
                user.getMetricIdentifier("hits"));
        assertEquals("eu", user.getAllVariables().get("<region>"));
        assertEquals("taskmanager.job.task.operator.myGroup.region", user.getLogicalScope("."));
        assertEquals("myGroup.region.eu.hits", ((AbstractMetricGroup) user).dumpName("hits"));
        assertEquals(op.addGroup("myGroup"), op.addGroup("myGroup")); // one group per name
    }
}
