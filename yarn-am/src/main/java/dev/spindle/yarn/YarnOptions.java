package dev.spindle.yarn;

import dev.spindle.config.ConfigOption;
import dev.spindle.config.ConfigOptions;
import java.time.Duration;

/** Options of a Spindle cluster on YARN (keys as in Flink where the concept is the same). */
public final class YarnOptions {
    private YarnOptions() {
    }

    public static final ConfigOption<String> TASK_MANAGER_NODE_LABEL = ConfigOptions.key("yarn.taskmanager.node-label")
            .stringType().noDefaultValue()
            .withDescription("The YARN node label expression of TaskManager containers; unset: any node of the "
                    + "queue's default partition.");

    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = ConfigOptions.key("yarn.heartbeat.interval")
            .durationType().defaultValue(Duration.ofSeconds(5))
            .withDescription("How often the ApplicationMaster heartbeats the YARN ResourceManager while it waits for "
                    + "no container.");

    public static final ConfigOption<Duration> CONTAINER_REQUEST_HEARTBEAT_INTERVAL =
            ConfigOptions.key("yarn.heartbeat.container-request-interval")
            .durationType().defaultValue(Duration.ofMillis(500))
            .withDescription("How often the ApplicationMaster heartbeats the YARN ResourceManager while container "
                    + "requests are pending or containers are being stopped: containers arrive with heartbeats.");
}
