package dev.spindle.yarn;

import dev.spindle.config.ConfigOption;
import dev.spindle.config.ConfigOptions;
import dev.spindle.config.MemorySize;

/**
 * Options of Spindle clusters on YARN, with Flink's keys where the concept is the same. Documented
 * by hand in docs/yarn.md (the generator in the engine cannot see this module).
 */
public final class YarnOptions {
    private YarnOptions() {
    }

    public static final ConfigOption<String> APPLICATION_NAME = ConfigOptions.key("yarn.application.name")
            .stringType().defaultValue("Spindle session cluster")
            .withDescription("Name of the YARN application.");

    public static final ConfigOption<String> APPLICATION_QUEUE = ConfigOptions.key("yarn.application.queue")
            .stringType().defaultValue("default")
            .withDescription("YARN queue the application is submitted to; it must exist.");

    public static final ConfigOption<String> APPLICATION_TAGS = ConfigOptions.key("yarn.tags")
            .stringType().defaultValue("")
            .withDescription("Comma-separated tags of the YARN application.");

    public static final ConfigOption<Integer> APPLICATION_PRIORITY = ConfigOptions.key("yarn.application.priority")
            .intType().defaultValue(-1)
            .withDescription("Priority of the YARN application; -1 leaves it to the queue's default.");

    public static final ConfigOption<Integer> APPLICATION_ATTEMPTS = ConfigOptions.key("yarn.application-attempts")
            .intType().defaultValue(1)
            .withDescription("How many ApplicationMaster attempts YARN makes. Without high availability a new "
                    + "attempt starts an empty cluster, so the default is 1.");

    public static final ConfigOption<String> STAGING_DIRECTORY = ConfigOptions.key("yarn.staging-directory")
            .stringType().noDefaultValue()
            .withDescription("Where the client uploads what the cluster needs, in `.spindle/<applicationId>/`. "
                    + "Default: the user's home directory on the cluster's default file system.");

    public static final ConfigOption<String> PROPERTIES_FILE_LOCATION = ConfigOptions.key("yarn.properties-file.location")
            .stringType().noDefaultValue()
            .withDescription("Directory of the `.yarn-properties-<user>` file that names the running session. "
                    + "Default: the JVM's temporary directory (java.io.tmpdir).");

    public static final ConfigOption<MemorySize> JOB_MANAGER_MEMORY = ConfigOptions.key("jobmanager.memory.process.size")
            .memoryType().defaultValue(MemorySize.ofMebiBytes(768))
            .withDescription("Memory of the whole JobManager process: the ApplicationMaster's container on YARN. "
                    + "The heap is three quarters of it.");

    public static final ConfigOption<Integer> APP_MASTER_VCORES = ConfigOptions.key("yarn.appmaster.vcores")
            .intType().defaultValue(1)
            .withDescription("Virtual cores of the ApplicationMaster's container.");

    public static final ConfigOption<Integer> CONTAINER_VCORES = ConfigOptions.key("yarn.containers.vcores")
            .intType().defaultValue(-1)
            .withDescription("Virtual cores of each TaskManager container; -1 means one per slot "
                    + "(taskmanager.numberOfTaskSlots).");

    public static final ConfigOption<String> CONTAINER_JAVA_HOME = ConfigOptions.key("containerized.master.env.JAVA_HOME")
            .stringType().noDefaultValue()
            .withDescription("JAVA_HOME of the cluster's containers. Default: the client's own Java home, which "
                    + "suits clusters whose nodes have the same JDK in the same place.");

    /** Heap of a JVM in a container of {@code process} memory: three quarters, the rest is for metaspace, threads and direct buffers. */
    public static long heapMebiBytes(MemorySize process) {
        return Math.max(64, process.mebiBytes() * 3 / 4);
    }
}
