package dev.spindle.client.cli;

import dev.spindle.checkpoint.SavepointType;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.core.JobId;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spindle savepoint <jobid> [targetDirectory]}: takes a savepoint of a running job, which goes
 * on, and prints where it is ({@code Savepoint completed. Path: <path>}, Flink's line), once it is
 * complete. The JSON report's keys: {@code jobId}, {@code savepointPath}, {@code exitCode},
 * {@code error}.
 */
@Command(
        name = "savepoint",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Takes a savepoint of a running job, which goes on running, and prints its path once it is complete: "
                    + "a self-contained directory that 'spindle run -s <path>' resumes from (also at another "
                    + "parallelism, or on another cluster).",
            "Options go before <jobid>."
        })
public final class SavepointCommand implements Callable<Integer> {
    /** The line that names the savepoint, as Flink prints it; scripts may parse it. */
    static final String COMPLETED = "Savepoint completed. Path: ";

    @Spec
    private CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "<jobid>",
            description = "The job's id: 32 hex digits, as 'spindle list' shows.")
    private String jobIdText;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "<targetDirectory>",
            description = "Where the savepoint's directory is created (a path or URI the cluster can write, e.g. "
                    + "hdfs:///savepoints). Default: the cluster's state.savepoints.dir.")
    private String targetDirectory;

    @Mixin
    private JobClusterOptions clusterOptions;

    @Mixin
    private SavepointOutputOptions output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("jobId", jobIdText);
        report.put("savepointPath", null);
        return output.run(report, out, () -> {
            JobId jobId = SavepointArguments.jobId(spec, jobIdText);
            String target = SavepointArguments.directory(spec, targetDirectory, "<targetDirectory>");
            ClusterConnection connection = clusterOptions.connect(spec, "take savepoints of", true);
            String path = new SavepointTrigger(connection, spec.commandLine().getErr(), clusterOptions.configuration())
                    .run(jobId, target, SavepointType.SAVEPOINT);
            report.put("savepointPath", path);
            out.println(COMPLETED + path);
            out.flush();
            return ExitCodes.SUCCESS;
        });
    }
}
