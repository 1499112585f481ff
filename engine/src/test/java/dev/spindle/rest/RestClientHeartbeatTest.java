package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.rest.client.ClientHeartbeatSender;
import dev.spindle.rest.client.RestClient;
import dev.spindle.rest.client.RestClientException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PATCH /jobs/{jobid}/client-heartbeat}: the attached client's lease, through the real server. */
class RestClientHeartbeatTest extends RestTestSupport {
    private final JobId job = JobId.generate();

    @BeforeEach
    void startServer() throws Exception {
        gateway.jobs.put(job, new JobDetails(job, "leased", JobStatus.RUNNING, 1000, -1, -1, List.of()));
        start();
    }

    @Test
    void aHeartbeatIsRecordedAndAnswered202() {
        Reply r = send("PATCH", "/jobs/" + job + "/client-heartbeat", token(), null, new byte[0]);
        assertEquals(202, r.status());
        assertEquals(List.of(job), gateway.clientHeartbeats);
    }

    @Test
    void aHeartbeatNeedsTheToken() {
        assertEquals(
                401,
                send("PATCH", "/jobs/" + job + "/client-heartbeat", null, null, new byte[0])
                        .status());
        assertEquals(
                401,
                send("PATCH", "/jobs/" + job + "/client-heartbeat", "not-the-token", null, new byte[0])
                        .status());
        assertEquals(List.of(), gateway.clientHeartbeats);
    }

    @Test
    void aMalformedJobIdIs400AndAnUnknownJob404() {
        Reply malformed = send("PATCH", "/jobs/123/client-heartbeat", token(), null, new byte[0]);
        assertEquals(400, malformed.status());
        JobId unknown = JobId.generate();
        Reply missing = send("PATCH", "/jobs/" + unknown + "/client-heartbeat", token(), null, new byte[0]);
        assertEquals(404, missing.status());
        assertTrue(missing.error().contains(unknown.toString()), missing.error());
        assertEquals(List.of(), gateway.clientHeartbeats);
    }

    @Test
    void onlyPatchIsAllowed() {
        assertEquals(405, get("/jobs/" + job + "/client-heartbeat").status());
    }

    @Test
    void theClientSendsHeartbeatsAtOnceAndThenEveryIntervalUntilClosed() throws Exception {
        RestClient client = new RestClient(URI.create("http://127.0.0.1:" + address.getPort()), secret, timeout());
        client.clientHeartbeat(job);
        assertEquals(1, gateway.clientHeartbeats.size());
        RestClientException e = assertThrows(RestClientException.class, () -> client.clientHeartbeat(JobId.generate()));
        assertEquals(404, e.statusCode());

        gateway.clientHeartbeats.clear();
        ClientHeartbeatSender sender = ClientHeartbeatSender.start(client, job, Duration.ofMillis(100));
        long deadline = System.currentTimeMillis() + 10_000;
        while (sender.accepted() < 3) {
            assertTrue(System.currentTimeMillis() < deadline, "fewer than 3 heartbeats in 10 s");
            Thread.sleep(10);
        }
        sender.close();
        Thread.sleep(300);
        int afterClose = gateway.clientHeartbeats.size();
        Thread.sleep(400);
        assertEquals(afterClose, gateway.clientHeartbeats.size(), "heartbeats went on after close()");
        assertTrue(afterClose >= 3, gateway.clientHeartbeats::toString);
    }
}
