package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The list of archived views and the redaction of configuration views in archives. */
class ArchivedViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theListNamesTheJobsViewsOnceEach() {
        assertEquals(
                java.util.List.of(
                        "/jobs/overview",
                        "/jobs/{jobid}",
                        "/jobs/{jobid}/exceptions",
                        "/jobs/{jobid}/checkpoints",
                        "/jobs/{jobid}/checkpoints/config",
                        "/jobs/{jobid}/config",
                        "/jobs/{jobid}/plan"),
                ArchivedViews.TEMPLATES);
    }

    @Test
    void secretValuesOfConfigurationViewsAreRedacted() throws Exception {
        String config = "{\"jid\":\"j\",\"name\":\"n\",\"execution-config\":{\"parallelism\":2,\"user-config\":"
                + "{\"fs.s3a.secret.key\":\"abc\",\"db.password\":\"pw\",\"input\":\"/data\",\"auth-token\":7}},"
                + "\"options\":[{\"key\":\"fs.s3a.access.key\",\"value\":\"AKIA\"},{\"key\":\"rest.port\","
                + "\"value\":\"8081\"}]}";
        assertEquals(
                "{\"jid\":\"j\",\"name\":\"n\",\"execution-config\":{\"parallelism\":2,\"user-config\":"
                        + "{\"fs.s3a.secret.key\":\"******\",\"db.password\":\"******\",\"input\":\"/data\","
                        + "\"auth-token\":\"******\"}},\"options\":[{\"key\":\"fs.s3a.access.key\",\"value\":\"******\"},"
                        + "{\"key\":\"rest.port\",\"value\":\"8081\"}]}",
                JSON.writeValueAsString(ArchivedViews.redact("/jobs/j/config", JSON.readTree(config))));
        // not a configuration view: as it is
        String details = "{\"jid\":\"j\",\"token\":\"t\"}";
        assertEquals(details, JSON.writeValueAsString(ArchivedViews.redact("/jobs/j", JSON.readTree(details))));
    }
}
