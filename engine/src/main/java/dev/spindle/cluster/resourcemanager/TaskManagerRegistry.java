package dev.spindle.cluster.resourcemanager;

import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.cluster.gateway.TaskManagerRegistration;
import dev.spindle.jobmanager.TaskManagerDetails;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resource manager's registration and heartbeat side: the TaskManagers that registered, when
 * each was last heard from, and which have been silent too long. Slots are {@link SlotPool}'s and
 * workers {@link Workers}'; this knows neither. Main thread only.
 */
final class TaskManagerRegistry {
    private final Map<String, RegisteredTaskManager> byId = new LinkedHashMap<>();

    /** Registers a TaskManager; returns the registration it replaces (the same id registered again), or null. */
    RegisteredTaskManager register(TaskManagerRegistration registration, TaskExecutorGateway gateway) {
        return byId.put(registration.resourceId(), new RegisteredTaskManager(registration, gateway));
    }

    /** @throws IllegalStateException if {@code resourceId} is not registered (it was lost, or never came) */
    void heartbeatFrom(String resourceId, long now) {
        RegisteredTaskManager tm = byId.get(resourceId);
        if (tm == null) {
            throw new IllegalStateException("TaskManager " + resourceId + " is not registered");
        }
        tm.lastHeartbeat = now;
    }

    /**
     * Sends heartbeat {@code sequence} to every TaskManager not yet silent for longer than
     * {@code timeoutMillis}, and returns those that are (still registered: the caller loses them).
     */
    List<RegisteredTaskManager> heartbeat(String fencingToken, long sequence, long now, long timeoutMillis) {
        List<RegisteredTaskManager> silent = new ArrayList<>();
        for (RegisteredTaskManager tm : List.copyOf(byId.values())) {
            if (now - tm.lastHeartbeat > timeoutMillis) {
                silent.add(tm);
            } else {
                tm.gateway.heartbeat(fencingToken, sequence);
            }
        }
        return silent;
    }

    RegisteredTaskManager get(String resourceId) {
        return byId.get(resourceId);
    }

    boolean contains(String resourceId) {
        return byId.containsKey(resourceId);
    }

    void remove(String resourceId) {
        byId.remove(resourceId);
    }

    Collection<RegisteredTaskManager> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }

    int freeSlots() {
        return byId.values().stream().mapToInt(RegisteredTaskManager::freeSlots).sum();
    }

    int totalSlots() {
        return byId.values().stream().mapToInt(tm -> tm.slotOwners.length).sum();
    }

    List<TaskManagerDetails> details() {
        return byId.values().stream().map(RegisteredTaskManager::details).toList();
    }
}
