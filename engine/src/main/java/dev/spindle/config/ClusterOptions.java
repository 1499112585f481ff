package dev.spindle.config;

import dev.spindle.core.UserSystemExits;
import java.time.Duration;

/** Options of a cluster of a JobManager and TaskManagers. */
public final class ClusterOptions {
    private ClusterOptions() {}

    public static final ConfigOption<Integer> TASK_SLOTS = ConfigOptions.key("taskmanager.numberOfTaskSlots")
            .intType()
            .defaultValue(1)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("Slots per TaskManager. A slot runs one parallel pipeline of a job, so a job of "
                    + "parallelism p needs p slots.");

    public static final ConfigOption<MemorySize> TASK_MANAGER_MEMORY = ConfigOptions.key(
                    "taskmanager.memory.process.size")
            .memoryType()
            .defaultValue(MemorySize.ofMebiBytes(1024))
            .withConstraint(Constraint.atLeast(MemorySize.ofMebiBytes(1)))
            .withDescription("Memory of a whole TaskManager process (its container on YARN).");

    public static final ConfigOption<Duration> HEARTBEAT_INTERVAL = ConfigOptions.key("heartbeat.interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(2))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How often the JobManager and TaskManagers send each other heartbeats.");

    public static final ConfigOption<Duration> TASK_MANAGER_REGISTRATION_TIMEOUT = ConfigOptions.key(
                    "taskmanager.registration.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long a starting TaskManager waits to connect to its JobManager and, again, for the "
                    + "answer to its registration, before it gives up and exits (exit code 7, START_FAILED).");

    public static final ConfigOption<Duration> HEARTBEAT_TIMEOUT = ConfigOptions.key("heartbeat.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(20))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("After how long without a heartbeat a TaskManager (or the JobManager, seen from a "
                    + "TaskManager) is taken for lost.");

    public static final ConfigOption<Duration> SLOT_REQUEST_TIMEOUT = ConfigOptions.key("slot.request.timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("How long a job waits for the slots it needs before it fails.");

    public static final ConfigOption<Duration> TASK_MANAGER_TIMEOUT = ConfigOptions.key(
                    "resourcemanager.taskmanager-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withConstraint(Constraint.atLeast(Duration.ofMillis(1)))
            .withDescription("TaskManagers the cluster started, idle (no task) longer than this, are released.");

    public static final ConfigOption<Integer> MIN_SLOTS = ConfigOptions.key("slotmanager.number-of-slots.min")
            .intType()
            .defaultValue(0)
            .withConstraint(Constraint.atLeast(0))
            .withDescription("Slots the cluster keeps even when idle: it starts TaskManagers for them at once "
                    + "and releases none below this. 0 starts TaskManagers only when jobs need slots.");

    public static final ConfigOption<Integer> MAX_SLOTS = ConfigOptions.key("slotmanager.number-of-slots.max")
            .intType()
            .noDefaultValue()
            .withConstraint(Constraint.atLeast(1))
            .withDescription("The most slots the cluster may have: it starts no TaskManager that would take it "
                    + "beyond this (TaskManagers are started whole, so the cap is in effect rounded down to a "
                    + "multiple of taskmanager.numberOfTaskSlots), and a job that needs more slots than that "
                    + "fails at once. Unset: no limit. Must not be below slotmanager.number-of-slots.min.");

    public static final ConfigOption<JvmOptions> TASK_MANAGER_JVM_OPTIONS = ConfigOptions.key(
                    "env.java.opts.taskmanager")
            .jvmOptionsType()
            .defaultValue(JvmOptions.NONE)
            .withDescription("Extra JVM options of TaskManager processes, e.g. -XX:+UseParallelGC. In config.yaml a "
                    + "YAML list, one option an item (an item may hold spaces and commas); in -D or a flat value "
                    + "separated by spaces (-D env.java.opts.taskmanager=\"-Xss2m -Dx=y\"), or by ; when an option "
                    + "holds a space. The heap size follows from taskmanager.memory.process.size.");

    public static final ConfigOption<Integer> START_WORKER_MAX_FAILURE_RATE = ConfigOptions.key(
                    "resourcemanager.start-worker.max-failure-rate")
            .intType()
            .defaultValue(10)
            .withConstraint(Constraint.atLeast(1))
            .withDescription("TaskManagers that may fail to start (exit before registering) within a minute. Beyond "
                    + "it, jobs waiting for slots fail with the last failure, and the next start waits "
                    + "resourcemanager.start-worker-retry-interval.");

    public static final ConfigOption<Duration> START_WORKER_RETRY_INTERVAL = ConfigOptions.key(
                    "resourcemanager.start-worker-retry-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(3))
            .withDescription("The pause before starting a TaskManager again once starts fail faster than "
                    + "resourcemanager.start-worker.max-failure-rate.");

    public static final ConfigOption<UserSystemExits.Mode> INTERCEPT_USER_SYSTEM_EXIT = ConfigOptions.key(
                    "cluster.intercept-user-system-exit")
            .enumType(UserSystemExits.Mode.class)
            .defaultValue(UserSystemExits.Mode.THROW)
            .withDescription("What `System.exit` called by user code inside a JobManager, ApplicationMaster or "
                    + "TaskManager does (a jar's main() run through REST or in application mode, a user function "
                    + "in a task): `THROW` fails the run or task with \"the program called System.exit(n)\" and "
                    + "the process lives on; `LOG` logs the call with its stack and lets the process end; "
                    + "`DISABLED` lets it end silently. Not applied to the `spindle` client, where main() runs "
                    + "as a plain Java program.");
}
