package dev.spindle.config;

import java.time.Duration;

/** Options of a cluster of a JobManager and TaskManagers. */
public final class ClusterOptions {
    private ClusterOptions() {
    }

    public static final ConfigOption<Integer> TASK_SLOTS = ConfigOptions.key("taskmanager.numberOfTaskSlots")
            .intType().defaultValue(1)
            .withDescription("Slots per TaskManager. A slot runs one parallel pipeline of a job, so a job of "
                    + "parallelism p needs p slots.");

    public static final ConfigOption<MemorySize> TASK_MANAGER_MEMORY = ConfigOptions.key("taskmanager.memory.process.size")
            .memoryType().defaultValue(MemorySize.ofMebiBytes(1024))
            .withDescription("Memory of a whole TaskManager process (its container on YARN).");

    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = ConfigOptions.key("heartbeat.interval")
            .durationType().defaultValue(Duration.ofSeconds(2))
            .withDescription("How often the JobManager and TaskManagers send each other heartbeats.");

    public static final ConfigOption<Duration> HEARTBEAT_TIMEOUT = ConfigOptions.key("heartbeat.timeout")
            .durationType().defaultValue(Duration.ofSeconds(20))
            .withDescription("After how long without a heartbeat a TaskManager (or the JobManager, seen from a "
                    + "TaskManager) is taken for lost.");

    public static final ConfigOption<Duration> SLOT_REQUEST_TIMEOUT = ConfigOptions.key("slot.request.timeout")
            .durationType().defaultValue(Duration.ofMinutes(5))
            .withDescription("How long a job waits for the slots it needs before it fails.");

    public static final ConfigOption<Duration> TASK_MANAGER_TIMEOUT = ConfigOptions.key("resourcemanager.taskmanager-timeout")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("TaskManagers the cluster started, idle (no task) longer than this, are released.");
}
