package dev.spindle.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The timeouts and intervals that were constants keep their values as defaults, and -D sets them. */
class TimeoutOptionsTest {
    @Test
    void defaultsAreTheFormerConstants() {
        Configuration config = new Configuration();

        assertEquals(Duration.ofSeconds(10), config.get(RpcOptions.ASK_TIMEOUT));
        assertEquals(Duration.ofSeconds(10), config.get(RpcOptions.HANDSHAKE_TIMEOUT));
        assertEquals(MemorySize.ofMebiBytes(64), config.get(RpcOptions.FRAME_SIZE));
        assertEquals(Duration.ofMillis(250), config.get(ClientOptions.POLL_INTERVAL));
        assertEquals(Duration.ofSeconds(10), config.get(ClientOptions.REST_TIMEOUT));
        assertEquals(Duration.ofSeconds(60), config.get(ClientOptions.REST_REQUEST_TIMEOUT));
        assertEquals(Duration.ofMillis(500), config.get(ClientOptions.PROGRESS_POLL_INTERVAL));
        assertEquals(Duration.ofSeconds(10), config.get(ClientOptions.PROGRESS_WAITING_INTERVAL));
        assertEquals(Duration.ofSeconds(10), config.get(ClientOptions.CANCEL_TIMEOUT));
        assertEquals(Duration.ofSeconds(30), config.get(ClusterOptions.TASK_MANAGER_REGISTRATION_TIMEOUT));
        assertEquals(Duration.ofMillis(200), config.get(ClientOptions.YARN_POLL_INTERVAL));
        assertEquals(Duration.ofSeconds(60), config.get(ClientOptions.YARN_STOP_TIMEOUT));
    }

    @Test
    void keysAsWrittenInDynamicProperties() {
        Configuration config = new Configuration();
        config.setString("client.poll-interval", "100 ms");
        config.setString("client.rest.timeout", "3 s");
        config.setString("rpc.frame-size", "10m");

        assertEquals(Duration.ofMillis(100), config.get(ClientOptions.POLL_INTERVAL));
        assertEquals(Duration.ofSeconds(3), config.get(ClientOptions.REST_TIMEOUT));
        assertEquals(MemorySize.ofMebiBytes(10), config.get(RpcOptions.FRAME_SIZE));
    }

    @Test
    void aFrameSizeBelowTheHeaderRoomIsRefused() {
        Configuration config = new Configuration();
        config.setString("rpc.frame-size", "4kb");

        IllegalConfigurationException e =
                assertThrows(IllegalConfigurationException.class, () -> config.get(RpcOptions.FRAME_SIZE));

        assertEquals(
                "invalid value '4kb' for rpc.frame-size: expected a memory size such as 512m or 1g, between 256k "
                        + "and 2047m",
                e.getMessage());
    }
}
