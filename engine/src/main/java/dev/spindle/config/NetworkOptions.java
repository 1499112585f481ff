package dev.spindle.config;

/** Options of the exchanges between tasks: buffer sizes and counts, which bound their memory. */
public final class NetworkOptions {
    private NetworkOptions() {}

    public static final ConfigOption<MemorySize> SEGMENT_SIZE = ConfigOptions.key("taskmanager.memory.segment-size")
            .memoryType()
            .defaultValue(new MemorySize(32 * 1024))
            .withConstraint(Constraint.atLeast(new MemorySize(1024)))
            .withDescription("Size of one network buffer.");

    public static final ConfigOption<Integer> BUFFERS_PER_CHANNEL = ConfigOptions.key(
                    "taskmanager.network.memory.buffers-per-channel")
            .intType()
            .defaultValue(2)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("Buffers each outgoing channel of a task may fill before the task waits for its "
                    + "consumer (backpressure).");

    public static final ConfigOption<Integer> FLOATING_BUFFERS = ConfigOptions.key(
                    "taskmanager.network.memory.floating-buffers-per-gate")
            .intType()
            .defaultValue(8)
            .withConstraint(Constraint.atLeast(0))
            .withDescription("Extra buffers a task's output may use on whichever channel needs them.");

    public static final ConfigOption<Integer> DATA_PORT = ConfigOptions.key("taskmanager.data.port")
            .intType()
            .defaultValue(0)
            .withConstraint(Constraint.between(0, 65535))
            .withDescription("Port of the TaskManager's partition server, from which other TaskManagers read "
                    + "the results of its tasks; 0 picks a free port.");

    public static final ConfigOption<java.time.Duration> CONNECT_TIMEOUT = ConfigOptions.key(
                    "taskmanager.network.netty.client.connect-timeout")
            .durationType()
            .defaultValue(java.time.Duration.ofSeconds(30))
            .withConstraint(Constraint.atLeast(java.time.Duration.ofMillis(1)))
            .withDescription("How long a task waits to connect to and authenticate with another TaskManager's "
                    + "partition server before it fails.");

    public static final ConfigOption<java.time.Duration> HANDSHAKE_TIMEOUT = ConfigOptions.key(
                    "taskmanager.network.netty.server.handshake-timeout")
            .durationType()
            .defaultValue(java.time.Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(java.time.Duration.ofMillis(1)))
            .withDescription("How long a peer of the TaskManager's partition server has to complete the "
                    + "authentication with the cluster secret before it is disconnected.");

    public static final ConfigOption<Double> NETWORK_FRACTION = ConfigOptions.key("taskmanager.memory.network.fraction")
            .doubleType()
            .defaultValue(0.1)
            .withConstraint(Constraint.between(0.0, 1.0))
            .withDescription("Share of taskmanager.memory.process.size that a process keeps for network buffers, "
                    + "within taskmanager.memory.network.min and .max. The exchanges of all its tasks draw from "
                    + "this fixed pool; a task whose exchanges do not fit fails with a message naming these options.");

    public static final ConfigOption<MemorySize> NETWORK_MIN = ConfigOptions.key("taskmanager.memory.network.min")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(64))
            .withDescription("Least memory for network buffers, whatever the fraction gives.");

    public static final ConfigOption<MemorySize> NETWORK_MAX = ConfigOptions.key("taskmanager.memory.network.max")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(1024))
            .withDescription("Most memory for network buffers, whatever the fraction gives.");
}
