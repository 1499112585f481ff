package dev.spindle.cluster.resourcemanager;

import dev.spindle.cluster.gateway.TaskExecutorGateway;
import dev.spindle.cluster.gateway.TaskManagerRegistration;
import dev.spindle.jobmanager.TaskManagerDetails;
import java.util.List;

/**
 * A TaskManager registered with the {@link ResourceManager}, and its slots: the owner of each
 * (null: free). Changed only on the resource manager's main thread.
 */
final class RegisteredTaskManager {
    final TaskManagerRegistration registration;
    final TaskExecutorGateway gateway;
    final Object[] slotOwners;
    long lastHeartbeat = System.currentTimeMillis();
    long idleSince = System.currentTimeMillis();

    RegisteredTaskManager(TaskManagerRegistration registration, TaskExecutorGateway gateway) {
        this.registration = registration;
        this.gateway = gateway;
        this.slotOwners = new Object[registration.slots()];
    }

    int freeSlots() {
        int free = 0;
        for (Object o : slotOwners) {
            if (o == null) {
                free++;
            }
        }
        return free;
    }

    /** Gives free slots to {@code owner} until {@code slots} holds {@code wanted}. */
    void take(Object owner, int wanted, List<ResourceManager.Slot> slots) {
        for (int i = 0; i < slotOwners.length && slots.size() < wanted; i++) {
            if (slotOwners[i] == null) {
                slotOwners[i] = owner;
                slots.add(new ResourceManager.Slot(
                        registration.resourceId(), i, gateway, registration.dataHost(), registration.dataPort()));
            }
        }
    }

    /** Frees the slots of {@code owner}; the TaskManager counts as idle from {@code now} if none is taken. */
    void release(Object owner, long now) {
        for (int i = 0; i < slotOwners.length; i++) {
            if (slotOwners[i] == owner) {
                slotOwners[i] = null;
            }
        }
        if (freeSlots() == slotOwners.length) {
            idleSince = now;
        }
    }

    TaskManagerDetails details() {
        return new TaskManagerDetails(
                registration.resourceId(),
                registration.rpcHost() + ":" + registration.rpcPort(),
                registration.dataPort(),
                registration.slots(),
                freeSlots(),
                lastHeartbeat);
    }
}
