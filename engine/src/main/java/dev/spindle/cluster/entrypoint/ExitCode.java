package dev.spindle.cluster.entrypoint;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The exit codes of every Spindle process, in one table so that a code means one thing wherever it
 * is seen: the {@code spindle} CLI and {@code yarn-session}, the JobManager, the TaskManager and the
 * YARN ApplicationMaster (whose code YARN reports in the container's diagnostics). Schedulers and
 * scripts branch on them, so a code keeps its meaning once released. docs/exit-codes.md is
 * generated from this table ({@link #markdown()}); a test fails when it is stale.
 */
public enum ExitCode {
    SUCCESS(
            0,
            "success",
            "The command did what it was asked: for `run`, every job the program executed finished "
                    + "(with `--detached`: was submitted); for `cancel`, the job is cancelled, its cancellation is under way, "
                    + "or it had already ended. The ApplicationMaster: the application ended SUCCEEDED.",
            Process.CLI,
            Process.APPLICATION_MASTER),
    JOB_FAILED(
            1,
            "a job failed or was cancelled (application mode: the application ended FAILED or KILLED)",
            "A job failed or was cancelled; in application mode the application ended FAILED or KILLED (also when "
                    + "`main()` threw in the ApplicationMaster). The ApplicationMaster: the application ended FAILED "
                    + "(its job failed, or its program did).",
            Process.CLI,
            Process.APPLICATION_MASTER),
    USAGE_ERROR(
            2,
            "usage error: unknown option, bad value, missing argument, unsupported target",
            "Usage error: unknown option, bad value, missing argument, unsupported target; also a known option "
                    + "(`-D`, `-p`, `-s`, `-jm`, ..., or set by the program's `main()` in code) whose value is not of "
                    + "its type or out of its range (see [configuration.md](configuration.md)), or options that contradict each other "
                    + "(e.g. `client.heartbeat.interval` not below `client.heartbeat.timeout`): checked before anything "
                    + "is uploaded or submitted. A cluster process: its arguments, configuration file or (the "
                    + "ApplicationMaster) its cluster spec are missing or invalid.",
            Process.values()),
    PROGRAM_NOT_LOADABLE(
            3,
            "the program cannot be loaded: jar missing or not a jar, class not found, no main method, "
                    + "no main class",
            "The program cannot be loaded: jar missing or not a jar, class not found, no main "
                    + "method, no main class.",
            Process.CLI),
    PROGRAM_FAILED(
            4,
            "the program's main() failed for another reason",
            "The program's `main()` failed for another reason (e.g. it rejected its arguments), or called "
                    + "`System.exit` while its attached per-job application ran (which is then killed).",
            Process.CLI),
    CLUSTER_ERROR(
            5,
            "the cluster cannot be found, reached or used (e.g. no standalone cluster running, connection "
                    + "refused, request refused)",
            "The cluster cannot be found, reached or used: no standalone cluster "
                    + "running in the cluster directory, connection refused, the secret file unreadable, a request refused, "
                    + "the JobManager lost while an attached run followed its job; for `yarn-session`: no YARN "
                    + "configuration, the queue does not exist, a container above the maximum allocation, a deployment "
                    + "that ended FAILED/KILLED, a session that cannot be found or stopped (the message says how to fix "
                    + "it); for `clean`: YARN, ZooKeeper or the staging directory cannot be reached, or a leftover could not be "
                    + "removed.",
            Process.CLI),
    JOB_NOT_FOUND(
            6,
            "cancel, checkpoints, savepoint, stop: the cluster knows no job with that id",
            "`cancel`, `checkpoints`, `savepoint`, `stop`: the cluster knows no job with that id (it never ran there,"
                    + " or its record expired).",
            Process.CLI),
    START_FAILED(
            7,
            "the process could not start",
            "The process could not start: a port could not be bound, the "
                    + "cluster secret could not be read, the JobManager's services or (the ApplicationMaster) the "
                    + "registration with the ResourceManager failed; its log says why.",
            Process.JOB_MANAGER,
            Process.TASK_MANAGER,
            Process.APPLICATION_MASTER),
    JOB_MANAGER_LOST(
            8,
            "the TaskManager lost its JobManager",
            "The TaskManager lost its JobManager: no heartbeat "
                    + "within `heartbeat.timeout`, or the JobManager dropped it.",
            Process.TASK_MANAGER),
    RESOURCE_MANAGER_LOST(
            9,
            "the ApplicationMaster lost YARN's ResourceManager",
            "The ApplicationMaster lost YARN's "
                    + "ResourceManager (or was told to shut down by it); it exits without unregistering, so that YARN may "
                    + "start another attempt.",
            Process.APPLICATION_MASTER),
    SAVEPOINT_FAILED(
            10,
            "savepoint, stop: no savepoint was taken (job not running, no directory, the savepoint failed or timed out)",
            "`savepoint`, `stop`: no savepoint was taken: the job is not running (it has already ended, or is a "
                    + "BATCH job), no target directory was given and `state.savepoints.dir` is not set, the savepoint "
                    + "failed on the cluster (the message says why), or it did not complete within "
                    + "`client.savepoint.timeout` (it may still complete: see `spindle checkpoints`). A job that "
                    + "`stop` could not stop keeps running.",
            Process.CLI),
    LEADERSHIP_LOST(
            11,
            "the JobManager lost its leadership (high availability)",
            "With high availability: the JobManager lost its cluster's leadership (its ZooKeeper session "
                    + "expired, its connection was interrupted, or a newer attempt took over), or could not take it "
                    + "up. Its jobs are not failed: the next leader resumes them from their latest checkpoints. A "
                    + "YARN ApplicationMaster exits without unregistering, so that YARN starts another attempt.",
            Process.JOB_MANAGER,
            Process.APPLICATION_MASTER),
    INTERNAL_ERROR(
            70,
            "internal error in spindle (rerun with --verbose)",
            "Internal error in spindle (rerun with " + "`--verbose` for the stack trace); sysexits' EX_SOFTWARE.",
            Process.CLI),
    KILLED(
            143,
            "stopped by SIGTERM",
            "The process was stopped with SIGTERM (128 + 15, as the JVM reports it): the "
                    + "usual end of a JobManager or TaskManager (its cluster or container ends); the ApplicationMaster: its "
                    + "application was killed.",
            Process.values());

    /** The processes that use the codes. */
    public enum Process {
        CLI("`spindle`, `yarn-session`"),
        JOB_MANAGER("JobManager"),
        TASK_MANAGER("TaskManager"),
        APPLICATION_MASTER("ApplicationMaster");

        private final String label;

        Process(String label) {
            this.label = label;
        }
    }

    private final int code;
    private final String summary;
    private final String description;
    private final Set<Process> processes;

    ExitCode(int code, String summary, String description, Process... processes) {
        this.code = code;
        this.summary = summary;
        this.description = description;
        this.processes = EnumSet.copyOf(List.of(processes));
    }

    public int code() {
        return code;
    }

    /** One line, for the {@code Exit codes:} section of a command's help. */
    public String summary() {
        return summary;
    }

    public boolean usedBy(Process process) {
        return processes.contains(process);
    }

    /** The codes {@code process} uses, in code order. */
    public static List<ExitCode> of(Process process) {
        List<ExitCode> codes = new ArrayList<>();
        for (ExitCode c : values()) {
            if (c.usedBy(process)) {
                codes.add(c);
            }
        }
        return codes;
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }

    /** docs/exit-codes.md. */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Exit codes\n\n")
                .append("Generated from `dev.spindle.cluster.entrypoint.ExitCode`; do not edit by hand. Regenerate:\n")
                .append(
                        "`java -cp engine/target/classes dev.spindle.cluster.entrypoint.ExitCode > docs/exit-codes.md`.\n\n")
                .append("One table for every Spindle process, so that a code means one thing wherever it is seen. "
                        + "The CLI prints errors as one line on stderr starting with `spindle: error:`; stack "
                        + "traces only with `--verbose`. The scripts (`scripts/local-yarn`, "
                        + "`scripts/standalone-cluster`) have codes of their own, in their `--help`.\n\n")
                .append("| code | name | used by | meaning |\n| --- | --- | --- | --- |\n");
        for (ExitCode c : values()) {
            List<String> users = new ArrayList<>();
            for (Process p : Process.values()) {
                if (c.usedBy(p)) {
                    users.add(p.label);
                }
            }
            b.append("| ")
                    .append(c.code)
                    .append(" | `")
                    .append(c.name())
                    .append("` | ")
                    .append(String.join(", ", users))
                    .append(" | ")
                    .append(c.description.replace("|", "\\|"))
                    .append(" |\n");
        }
        return b.toString();
    }
}
