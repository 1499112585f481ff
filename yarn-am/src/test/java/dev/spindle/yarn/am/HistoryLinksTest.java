package dev.spindle.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.spindle.config.Configuration;
import dev.spindle.config.HistoryServerOptions;
import dev.spindle.core.JobId;
import dev.spindle.yarn.spec.ClusterMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The final tracking URL: the history server's page of the job where one is configured. */
class HistoryLinksTest {
    private static final JobId JOB = JobId.fromHex("0123456789abcdef0123456789abcdef");
    private static final ClusterMode PER_JOB = new ClusterMode.PerJob("job.graph", List.of(), null);
    private static final ClusterMode APPLICATION = new ClusterMode.Application("app.jar", null, List.of());

    @Test
    void pointsToTheHistoryServersPageOfTheJob() {
        Configuration config = new Configuration();
        config.set(HistoryServerOptions.WEB_ADDRESS, "history.example.com");
        assertEquals(
                "http://history.example.com:8082/#/jobs/" + JOB,
                HistoryLinks.finalTrackingUrl(config, PER_JOB, List.of(JOB)));
        config.set(HistoryServerOptions.WEB_PORT, 9000);
        assertEquals(
                "http://history.example.com:9000/#/jobs/" + JOB,
                HistoryLinks.finalTrackingUrl(config, APPLICATION, List.of(JOB)));
        // an application of several jobs (or none): the history server's overview
        assertEquals(
                "http://history.example.com:9000/",
                HistoryLinks.finalTrackingUrl(
                        config, APPLICATION, List.of(JOB, JobId.fromHex("fedcba9876543210fedcba9876543210"))));
        assertEquals("http://history.example.com:9000/", HistoryLinks.finalTrackingUrl(config, APPLICATION, List.of()));
    }

    @Test
    void noneWithoutAHistoryServerOrForASession() {
        assertNull(HistoryLinks.finalTrackingUrl(new Configuration(), PER_JOB, List.of(JOB)));
        Configuration config = new Configuration();
        config.set(HistoryServerOptions.WEB_ADDRESS, "history.example.com");
        assertNull(HistoryLinks.finalTrackingUrl(config, new ClusterMode.Session(), List.of(JOB)));
    }
}
