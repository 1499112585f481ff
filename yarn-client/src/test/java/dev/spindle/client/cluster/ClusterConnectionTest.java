package dev.spindle.client.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.core.JobId;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How failures to reach or use a cluster read, over a real (closed) socket and real files. */
class ClusterConnectionTest {
    @TempDir
    Path dir;

    @Test
    void aClusterThatDoesNotListenIsReportedWithTheHint() throws Exception {
        ClusterEndpoint endpoint = endpoint(URI.create("http://127.0.0.1:" + closedPort()), null);
        ClusterConnection connection = ClusterConnection.open(endpoint, false);

        ClusterAccessException e = assertThrows(ClusterAccessException.class, connection::listJobs);

        assertEquals(
                "the test cluster does not answer at " + endpoint.restAddress() + " (connection refused); start it",
                e.getMessage());
    }

    @Test
    void aJobRequestToAClusterThatDoesNotListenIsAClusterErrorNotAMissingJob() throws Exception {
        ClusterConnection connection =
                ClusterConnection.open(endpoint(URI.create("http://127.0.0.1:" + closedPort()), null), false);

        assertThrows(ClusterAccessException.class, () -> connection.jobDetails(JobId.generate()));
    }

    @Test
    void authenticatingNeedsASecretFile() {
        ClusterAccessException e = assertThrows(
                ClusterAccessException.class,
                () -> ClusterConnection.open(endpoint(URI.create("http://127.0.0.1:1"), null), true));

        assertEquals(
                "submitting and cancelling jobs on the test cluster needs its secret: pass --secret-file <file> "
                        + "or set SPINDLE_CLUSTER_SECRET_FILE",
                e.getMessage());
    }

    @Test
    void aMissingOrMalformedSecretFileIsAClusterError() throws IOException {
        Path missing = dir.resolve("missing.secret");
        ClusterAccessException e = assertThrows(
                ClusterAccessException.class,
                () -> ClusterConnection.open(endpoint(URI.create("http://127.0.0.1:1"), missing), true));
        assertEquals("the secret file " + missing + " of the test cluster does not exist; start it", e.getMessage());

        Path malformed = Files.writeString(dir.resolve("bad.secret"), "not hex\n");
        e = assertThrows(
                ClusterAccessException.class,
                () -> ClusterConnection.open(endpoint(URI.create("http://127.0.0.1:1"), malformed), true));
        assertTrue(
                e.getMessage().startsWith("cannot read the secret file " + malformed + " of the test cluster: "),
                e.getMessage());
    }

    private static ClusterEndpoint endpoint(URI address, Path secret) {
        return new ClusterEndpoint(address, secret, "the test cluster", "start it");
    }

    /** A port that nothing listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
