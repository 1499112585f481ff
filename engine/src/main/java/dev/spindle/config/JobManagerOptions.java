package dev.spindle.config;

import java.time.Duration;

/** Options of the JobManager. */
public final class JobManagerOptions {
    private JobManagerOptions() {}

    public static final ConfigOption<Duration> JOB_STORE_EXPIRATION = ConfigOptions.key("jobstore.expiration-time")
            .durationType()
            .defaultValue(Duration.ofHours(1))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long the results of finished jobs are kept for clients to ask for.");

    public static final ConfigOption<Integer> JOB_STORE_MAX_CAPACITY = ConfigOptions.key("jobstore.max-capacity")
            .intType()
            .defaultValue(1000)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("How many finished jobs are kept at most; the oldest go first.");

    public static final ConfigOption<Duration> JAR_RUN_TIMEOUT = ConfigOptions.key("jar.run.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long the main() of a jar run through REST (`POST /jars/{jarid}/run`) may take "
                    + "to submit its first job. Then it is interrupted, its later submissions are refused, and the "
                    + "request is answered 400 naming the timeout: nothing of the run runs. The request waits this "
                    + "long, whatever `rest.request-timeout` says.");

    public static final ConfigOption<Integer> JAR_RUN_MAX_CONCURRENT = ConfigOptions.key("jar.run.max-concurrent")
            .intType()
            .defaultValue(8)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("How many jar runs may be in their main() before their first job at the same time, "
                    + "each on its own thread; one more is refused with 429 (nothing of it runs). A run whose "
                    + "job was submitted no longer counts, even while its main() goes on.");

    public static final ConfigOption<String> CLUSTER_NAME = ConfigOptions.key("cluster.name")
            .stringType()
            .defaultValue("Spindle cluster")
            .withDescription("The cluster's name on its web dashboard (`GET /` of the REST endpoint). On YARN "
                    + "the client sets it to the application's name.");

    public static final ConfigOption<String> CLUSTER_MODE = ConfigOptions.key("cluster.mode")
            .stringType()
            .defaultValue("standalone")
            .withDescription("What kind of cluster the JobManager runs, shown on its web dashboard: "
                    + "`session`, `per-job` or `application` (set by the ApplicationMaster on YARN), `standalone` "
                    + "otherwise. Not meant to be set by users.");

    public static final ConfigOption<String> ARCHIVE_DIR = ConfigOptions.key("jobmanager.archive.fs.dir")
            .stringType()
            .noDefaultValue()
            .withDescription("Where the JobManager archives each job that ended (finished, failed or cancelled): "
                    + "a directory of any Hadoop file system (`hdfs:///spindle/completed-jobs`, `file:///...`), "
                    + "one file per job named by its id, holding the job's REST views (`GET /jobs/{jobid}`, its "
                    + "exceptions, checkpoints, ...) as the cluster answered them. The history server "
                    + "(`historyserver.archive.fs.dir`) serves them after the cluster is gone. A failure to "
                    + "archive is logged as a warning and fails nothing. Unset: no archives.");
}
