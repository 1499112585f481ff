package dev.spindle.config;

import java.time.Duration;

/**
 * Options of the RPC between the JobManager and its TaskManagers (Flink's {@code pekko.ask.timeout}
 * and {@code pekko.framesize}). Each process builds its RPC server and client from them.
 */
public final class RpcOptions {
    private RpcOptions() {}

    public static final ConfigOption<Duration> ASK_TIMEOUT = ConfigOptions.key("rpc.ask-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long an RPC call between the JobManager and a TaskManager waits for its answer "
                    + "before it fails with a timeout (Flink: pekko.ask.timeout).");

    public static final ConfigOption<MemorySize> FRAME_SIZE = ConfigOptions.key("rpc.frame-size")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(64))
            .withConstraint(Constraint.between(new MemorySize(256 * 1024), MemorySize.ofMebiBytes(2047)))
            .withDescription("The largest RPC message either side sends or accepts; a larger one closes the "
                    + "connection as a protocol error (Flink: pekko.framesize). Raise it when a task's "
                    + "deployment (its serialized operators) is larger. At least 256 kb: a call's arguments may take "
                    + "the frame size less 64 kb, which are kept for the message's header.");

    public static final ConfigOption<Duration> HANDSHAKE_TIMEOUT = ConfigOptions.key("rpc.handshake-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long a peer of an RPC port has to complete the authentication with the cluster "
                    + "secret before it is disconnected; also how long a connecting RPC client waits for it. "
                    + "The data port has its own: taskmanager.network.netty.server.handshake-timeout.");
}
