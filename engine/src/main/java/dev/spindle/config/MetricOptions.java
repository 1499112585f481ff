package dev.spindle.config;

import java.time.Duration;
import java.util.List;

/**
 * Options of the metric system: the switch, the scope formats (Flink's keys and defaults) and the
 * reporters. A reporter's own options are {@code metrics.reporter.<name>.<key>}; the templated keys
 * below document the ones every reporter has ({@code <name>} is the reporter's name, chosen freely).
 */
public final class MetricOptions {
    private MetricOptions() {}

    /** The prefix of every reporter's options: {@code metrics.reporter.<name>.<key>}. */
    public static final String REPORTER_PREFIX = "metrics.reporter.";

    public static final ConfigOption<Boolean> ENABLED = ConfigOptions.key("metrics.enabled")
            .booleanType()
            .defaultValue(true)
            .withDescription("Whether the processes of a cluster register metrics at all. `false` registers "
                    + "nothing (no reporter starts, the metric routes of the REST endpoint answer empty lists); the "
                    + "tasks still count records for the job's result. For measuring what metrics cost.");

    public static final ConfigOption<List<String>> REPORTERS_LIST = ConfigOptions.key("metrics.reporters")
            .stringListType()
            .noDefaultValue()
            .withDescription("The names of the reporters to start, of those configured under "
                    + "`metrics.reporter.<name>.*`; when not set, every configured reporter starts.");

    public static final ConfigOption<String> REPORTER_FACTORY_CLASS = ConfigOptions.key(
                    "metrics.reporter.<name>.factory.class")
            .stringType()
            .noDefaultValue()
            .withDescription("The class (a `dev.spindle.metrics.reporter.MetricReporterFactory`) that makes the "
                    + "reporter `<name>`; or set `.type`.");

    public static final ConfigOption<String> REPORTER_TYPE = ConfigOptions.key("metrics.reporter.<name>.type")
            .stringType()
            .noDefaultValue()
            .withDescription("The kind of the reporter `<name>`, by the name its factory declares: `jmx`, `slf4j`. "
                    + "See [metrics.md](metrics.md).");

    public static final ConfigOption<Duration> REPORTER_INTERVAL = ConfigOptions.key("metrics.reporter.<name>.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How often a reporter that reports on a schedule (`slf4j`) reports.");

    public static final ConfigOption<String> REPORTER_SCOPE_DELIMITER = ConfigOptions.key(
                    "metrics.reporter.<name>.scope.delimiter")
            .stringType()
            .defaultValue(".")
            .withDescription("What joins the scope components and the name in the metric identifiers the "
                    + "reporter `<name>` sees.");

    public static final ConfigOption<List<String>> REPORTER_INCLUDES = ConfigOptions.key(
                    "metrics.reporter.<name>.filter.includes")
            .stringListType()
            .noDefaultValue()
            .withDescription("The metrics the reporter `<name>` reports, as `<scope>[:<name>]` patterns (`*` matches "
                    + "anything): `<scope>` is the logical scope, e.g. `taskmanager.job.task`, and `<name>` the "
                    + "metric's name, e.g. `numRecords*`. When not set, it reports every metric.");

    public static final ConfigOption<String> SCOPE_JM = ConfigOptions.key("metrics.scope.jm")
            .stringType()
            .defaultValue("<host>.jobmanager")
            .withDescription("Scope format of the JobManager's metrics (variables: `<host>`).");

    public static final ConfigOption<String> SCOPE_JM_JOB = ConfigOptions.key("metrics.scope.jm-job")
            .stringType()
            .defaultValue("<host>.jobmanager.<job_name>")
            .withDeprecatedKeys("metrics.scope.jm.job")
            .withDescription("Scope format of a job's metrics on the JobManager (adds `<job_id>`, `<job_name>`).");

    public static final ConfigOption<String> SCOPE_TM = ConfigOptions.key("metrics.scope.tm")
            .stringType()
            .defaultValue("<host>.taskmanager.<tm_id>")
            .withDescription("Scope format of a TaskManager's metrics (variables: `<host>`, `<tm_id>`).");

    public static final ConfigOption<String> SCOPE_TM_JOB = ConfigOptions.key("metrics.scope.tm-job")
            .stringType()
            .defaultValue("<host>.taskmanager.<tm_id>.<job_name>")
            .withDeprecatedKeys("metrics.scope.tm.job")
            .withDescription("Scope format of a job's metrics on a TaskManager (adds `<job_id>`, `<job_name>`).");

    public static final ConfigOption<String> SCOPE_TASK = ConfigOptions.key("metrics.scope.task")
            .stringType()
            .defaultValue("<host>.taskmanager.<tm_id>.<job_name>.<task_name>.<subtask_index>")
            .withDescription("Scope format of a task's metrics (adds `<task_id>`, `<task_name>`, `<task_attempt_id>`, "
                    + "`<task_attempt_num>`, `<subtask_index>`).");

    public static final ConfigOption<String> SCOPE_OPERATOR = ConfigOptions.key("metrics.scope.operator")
            .stringType()
            .defaultValue("<host>.taskmanager.<tm_id>.<job_name>.<operator_name>.<subtask_index>")
            .withDescription("Scope format of an operator's metrics (adds `<operator_id>`, `<operator_name>`).");
}
