package dev.spindle.cluster;

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
}
