package dev.spindle.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.spec.ClusterMode;
import dev.spindle.yarn.spec.ClusterSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AM's setup failures end through the one path with their exit code, before anything starts;
 * with high availability, an attempt that cannot take up the leadership leaves the application to
 * the next attempt.
 */
class ApplicationMasterMainTest {
    @TempDir
    Path dir;

    private int run() {
        return new ApplicationMasterMain(
                        new AmEnvironment(dir, "localhost", "container_test"),
                        new YarnConfiguration(),
                        (spec, rpc, restUrl) -> {
                            throw new AssertionError("a setup that fails never gets to the driver");
                        })
                .run();
    }

    @Test
    void withoutASpecTheSetupIsInvalid() {
        assertEquals(AmOutcome.EXIT_INVALID_SETUP, run());
    }

    @Test
    void withoutTheSecretInTheCredentialsTheSetupIsInvalidAndTheStagingDirectoryGoes() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        new ClusterSpec(
                        ClusterSpec.VERSION,
                        new ClusterMode.Session(),
                        Map.of(),
                        staging.toUri().toString(),
                        List.of("lib/spindle.jar"))
                .writeTo(dir.resolve(ClusterSpec.FILE_NAME));
        assertEquals(AmOutcome.EXIT_INVALID_SETUP, run());
        assertFalse(Files.exists(staging));
    }

    @Test
    void anAttemptThatCannotReachZooKeeperEndsAsLeadershipLostAndLeavesTheStagingDirectoryToTheNextAttempt()
            throws Exception {
        Path staging = writeHighAvailabilitySpec();
        assertEquals(AmOutcome.EXIT_LEADERSHIP_LOST, runAttempt(1));
        assertTrue(Files.exists(staging), "attempt 1 of 2 leaves the staging directory to attempt 2");
    }

    @Test
    void theLastAttemptThatCannotReachZooKeeperDeletesTheStagingDirectory() throws Exception {
        Path staging = writeHighAvailabilitySpec();
        assertEquals(AmOutcome.EXIT_LEADERSHIP_LOST, runAttempt(2));
        assertFalse(Files.exists(staging), "no attempt follows the last one");
    }

    /** A session with high availability on a quorum where no server listens; 2 attempts by default. */
    private Path writeHighAvailabilitySpec() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        new ClusterSpec(
                        ClusterSpec.VERSION,
                        new ClusterMode.Session(),
                        Map.of(
                                "high-availability.type",
                                "zookeeper",
                                "high-availability.zookeeper.quorum",
                                "127.0.0.1:" + port,
                                "high-availability.storageDir",
                                dir.resolve("ha").toUri().toString(),
                                "high-availability.zookeeper.client.connection-timeout",
                                "300 ms",
                                // no security manager in the test JVM
                                "cluster.intercept-user-system-exit",
                                "DISABLED"),
                        staging.toUri().toString(),
                        List.of("lib/spindle.jar"))
                .writeTo(dir.resolve(ClusterSpec.FILE_NAME));
        return staging;
    }

    /** Runs the AM as attempt {@code attempt}, as a user with the cluster secret in its credentials. */
    private int runAttempt(int attempt) throws Exception {
        UserGroupInformation user = UserGroupInformation.createRemoteUser("am");
        Credentials credentials = new Credentials();
        credentials.addSecretKey(
                new Text(ClusterSpec.SECRET_ALIAS), ClusterSecret.generate().toBytes());
        user.addCredentials(credentials);
        String container = String.format("container_1700000000000_0001_%02d_000001", attempt);
        return user.doAs((PrivilegedExceptionAction<Integer>) () -> new ApplicationMasterMain(
                        new AmEnvironment(dir, "localhost", container),
                        new YarnConfiguration(),
                        (spec, rpc, restUrl) -> {
                            throw new AssertionError("an attempt without leadership never gets to the driver");
                        })
                .run());
    }
}
