package dev.spindle.yarn.am;

import dev.spindle.config.Configuration;
import dev.spindle.config.HistoryServerOptions;
import dev.spindle.core.JobId;
import dev.spindle.jobmanager.Dispatcher;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.rest.RestJobArchiver;
import dev.spindle.yarn.spec.ClusterMode;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cluster that ends with its jobs (per-job, application) leaves for after its end: the
 * archives of its jobs ({@code jobmanager.archive.fs.dir}), written before it goes, and the link
 * from the ended YARN application to the history server's page of its job.
 */
final class HistoryLinks {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryLinks.class);
    /** The archives' own bound, and a little for the dispatcher to start them. */
    static final Duration ARCHIVE_WAIT = RestJobArchiver.TIMEOUT.plusSeconds(2);

    private HistoryLinks() {}

    /**
     * A cluster that ends with its jobs: waits, at most {@link #ARCHIVE_WAIT}, until its jobs' archives
     * are written or have failed (those of jobs just cancelled by a stop included). A session's jobs
     * were archived as they ended; those still running when it stops are cancelled as it closes.
     */
    static void awaitArchives(Dispatcher dispatcher, ClusterMode mode) {
        if (mode instanceof ClusterMode.Session) {
            return;
        }
        try {
            if (!dispatcher.awaitArchives(ARCHIVE_WAIT)) {
                LOG.warn(
                        "The archives of the application's jobs were not written within {} s",
                        ARCHIVE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The final tracking URL: with {@code historyserver.web.address} configured, and for a cluster
     * that ends with its jobs, the history server's page of its job
     * ({@code http://<address>:<port>/#/jobs/<jobid>}; its overview when the application ran no
     * job or several); null otherwise (YARN's default, as without a history server).
     */
    static String finalTrackingUrl(Configuration config, ClusterMode mode, List<JobId> jobs) {
        String address = config.get(HistoryServerOptions.WEB_ADDRESS);
        if (address == null || address.isBlank() || mode instanceof ClusterMode.Session) {
            return null;
        }
        String base = "http://" + address.trim() + ":" + config.get(HistoryServerOptions.WEB_PORT) + "/";
        return jobs.size() == 1 ? base + "#/jobs/" + jobs.get(0) : base;
    }

    /** The jobs the dispatcher knows (the ended ones of this cluster). */
    static List<JobId> jobsOf(Dispatcher dispatcher) {
        return dispatcher.listJobs().join().stream().map(JobDetails::jobId).toList();
    }
}
