package dev.spindle.cluster.gateway;

/**
 * The JobManager's answer to a registration.
 *
 * @param accepted whether the TaskManager may serve
 * @param reason why not, when refused
 * @param heartbeatIntervalMillis how often to send heartbeats
 * @param heartbeatTimeoutMillis after how long without the JobManager's heartbeat to give up
 * @param fencingToken the JobManager leadership's token, which its calls to the TaskManager carry
 *     ({@link TaskExecutorGateway}); null when refused
 */
public record RegistrationResponse(
        boolean accepted,
        String reason,
        long heartbeatIntervalMillis,
        long heartbeatTimeoutMillis,
        String fencingToken) {}
