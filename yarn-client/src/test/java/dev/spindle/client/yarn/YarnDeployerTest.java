package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;

/** What the deployer refuses before it talks to YARN. */
class YarnDeployerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final YarnDeployer deployer = new YarnDeployer(
            new YarnConfiguration(),
            List.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));

    @Test
    void anAttachedLeaseWhoseHeartbeatsCannotKeepItIsRefused() {
        Configuration config = new Configuration()
                .set(ClientOptions.CLIENT_HEARTBEAT_INTERVAL, Duration.ofSeconds(30))
                .set(ClientOptions.CLIENT_HEARTBEAT_TIMEOUT, Duration.ofSeconds(10));
        IllegalConfigurationException e = assertThrows(
                IllegalConfigurationException.class,
                () -> deployer.deploy(DeploymentRequest.perJob(config, "job", new byte[1], List.of(), true)));
        assertEquals(
                "client.heartbeat.interval (30000 ms) must be below client.heartbeat.timeout (10000 ms), or the "
                        + "cluster would end while its client is still there",
                e.getMessage());
        assertTrue(out.toString(StandardCharsets.UTF_8).isEmpty(), "nothing was to happen before the check");
    }
}
