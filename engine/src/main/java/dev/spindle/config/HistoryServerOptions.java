package dev.spindle.config;

import java.time.Duration;

/**
 * Options of the history server ({@code dev.spindle.history.HistoryServer}), which serves the
 * archives that JobManagers write to {@link JobManagerOptions#ARCHIVE_DIR}. Flink's keys. The
 * address and port also tell a YARN ApplicationMaster of a per-job or application cluster where
 * the job's page will be, for the application's final tracking URL.
 */
public final class HistoryServerOptions {
    private HistoryServerOptions() {}

    public static final ConfigOption<String> ARCHIVE_DIRS = ConfigOptions.key("historyserver.archive.fs.dir")
            .stringType()
            .noDefaultValue()
            .withDescription("The directories the history server reads job archives from, comma-separated: "
                    + "the `jobmanager.archive.fs.dir` of the clusters it shows (any Hadoop file system). "
                    + "Required by the history server; each must exist when it starts.");

    public static final ConfigOption<Duration> REFRESH_INTERVAL = ConfigOptions.key(
                    "historyserver.archive.fs.refresh-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How often the history server looks for new (and removed) archives in its directories.");

    public static final ConfigOption<String> WEB_ADDRESS = ConfigOptions.key("historyserver.web.address")
            .stringType()
            .noDefaultValue()
            .withDescription("The address the history server binds to and is reached at (default: it binds to "
                    + "127.0.0.1). Set on a YARN per-job or application cluster (with `historyserver.web.port`), "
                    + "the application's final tracking URL is the history server's page of the job, "
                    + "`http://<address>:<port>/#/jobs/<jobid>`.");

    public static final ConfigOption<Integer> WEB_PORT = ConfigOptions.key("historyserver.web.port")
            .intType()
            .defaultValue(8082)
            .withConstraint(Constraint.between(0, 65535))
            .withDescription("The history server's HTTP port (0: any free port).");

    public static final ConfigOption<String> WEB_TMPDIR = ConfigOptions.key("historyserver.web.tmpdir")
            .stringType()
            .noDefaultValue()
            .withDescription("The local directory where the history server unpacks the archives it serves, one "
                    + "JSON file per view (default: a new directory `spindle-history-*` in the system's "
                    + "temporary directory). Its content is rebuilt from the archives at each start.");

    public static final ConfigOption<Integer> RETAINED_JOBS = ConfigOptions.key("historyserver.archive.retained-jobs")
            .intType()
            .defaultValue(-1)
            .withConstraint(Constraint.of(n -> n == -1 || n >= 1, "-1 or at least 1"))
            .withDescription("How many jobs of each archive directory the history server shows at most, the "
                    + "most recently archived first; -1 for all. The archives themselves are left alone.");

    public static final ConfigOption<Duration> WEB_REFRESH_INTERVAL = ConfigOptions.key(
                    "historyserver.web.refresh-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How often the dashboard served by the history server reloads its views "
                    + "(`refresh-interval` of `GET /config`).");
}
