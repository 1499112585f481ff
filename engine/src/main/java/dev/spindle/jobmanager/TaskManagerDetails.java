package dev.spindle.jobmanager;

/**
 * A registered TaskManager.
 *
 * @param id its resource id
 * @param address host:port of its RPC endpoint
 * @param dataPort port of its data plane
 * @param slots its slots
 * @param freeSlots slots not running a task
 * @param lastHeartbeatMillis epoch millis of its last heartbeat
 */
public record TaskManagerDetails(
        String id, String address, int dataPort, int slots, int freeSlots, long lastHeartbeatMillis) {}
