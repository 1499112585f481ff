package dev.spindle.resource;

import dev.spindle.config.MemorySize;
import java.util.Objects;

/**
 * The size of a worker (a TaskManager) that the resource manager asks a driver for.
 *
 * @param slots task slots it offers
 * @param processMemory memory of its whole process ({@code taskmanager.memory.process.size})
 * @param cpuCores cores it may use (YARN vcores)
 */
public record WorkerSpec(int slots, MemorySize processMemory, int cpuCores) {
    public WorkerSpec {
        Objects.requireNonNull(processMemory, "processMemory");
        if (slots < 1) {
            throw new IllegalArgumentException("a worker needs at least one slot, got " + slots);
        }
        if (cpuCores < 1) {
            throw new IllegalArgumentException("a worker needs at least one core, got " + cpuCores);
        }
        if (processMemory.bytes() < (64L << 20)) {
            throw new IllegalArgumentException("a worker needs at least 64m of memory, got " + processMemory);
        }
    }
}
