package dev.spindle.metrics.groups;

import dev.spindle.metrics.Gauge;
import dev.spindle.metrics.MetricGroup;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;

/**
 * The JVM's metrics of a JobManager or TaskManager process, under Flink's names
 * ({@code Status.JVM.Memory.Heap.Used} and so on), read from the platform MXBeans when reported.
 */
public final class JvmMetrics {
    private JvmMetrics() {}

    /** Registers the JVM metrics in {@code processGroup} (a JobManager's or TaskManager's group). */
    public static void register(MetricGroup processGroup) {
        MetricGroup jvm = processGroup.addGroup("Status").addGroup("JVM");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        MetricGroup heap = jvm.addGroup("Memory").addGroup("Heap");
        heap.gauge("Used", (Gauge<Long>) () -> memory.getHeapMemoryUsage().getUsed());
        heap.gauge("Committed", (Gauge<Long>) () -> memory.getHeapMemoryUsage().getCommitted());
        heap.gauge("Max", (Gauge<Long>) () -> memory.getHeapMemoryUsage().getMax());
        MetricGroup nonHeap = jvm.addGroup("Memory").addGroup("NonHeap");
        nonHeap.gauge("Used", (Gauge<Long>) () -> memory.getNonHeapMemoryUsage().getUsed());
        nonHeap.gauge(
                "Committed", (Gauge<Long>) () -> memory.getNonHeapMemoryUsage().getCommitted());
        nonHeap.gauge("Max", (Gauge<Long>) () -> memory.getNonHeapMemoryUsage().getMax());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        jvm.addGroup("Threads").gauge("Count", (Gauge<Integer>) threads::getThreadCount);
        MetricGroup cpu = jvm.addGroup("CPU");
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu.gauge("Load", (Gauge<Double>) os::getProcessCpuLoad);
            cpu.gauge("Time", (Gauge<Long>) os::getProcessCpuTime);
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            MetricGroup collector =
                    jvm.addGroup("GarbageCollector").addGroup(gc.getName().replace(' ', '_'));
            collector.gauge("Count", (Gauge<Long>) gc::getCollectionCount);
            collector.gauge("Time", (Gauge<Long>) gc::getCollectionTime);
        }
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        jvm.addGroup("ClassLoader").gauge("ClassesLoaded", (Gauge<Long>) classes::getTotalLoadedClassCount);
    }
}
