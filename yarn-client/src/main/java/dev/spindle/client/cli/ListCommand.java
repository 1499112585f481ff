package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.cluster.ClusterConnection;
import dev.spindle.rest.RestMessages.JobOverview;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spindle list}: the jobs of a cluster, as {@link JobTable} shows them, on stdout. Reading
 * needs no secret. The cluster keeps ended jobs for {@code jobstore.expiration-time}, so recent
 * finished, failed and cancelled jobs are listed too.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Lists the jobs of a cluster: id, state, start time, duration, name and how often the job was "
                    + "restarted after failures (last). Jobs that have not ended come first; ended ones stay listed "
                    + "for jobstore.expiration-time.",
        })
public final class ListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-r", "--running"},
            order = 1,
            description = "Only the jobs that have not ended.")
    private boolean runningOnly;

    @Mixin
    private JobClusterOptions clusterOptions;

    @Override
    public Integer call() throws Exception {
        ClusterConnection connection = connect();
        List<JobOverview> jobs = connection.listJobs().stream()
                .filter(j -> !runningOnly || !JobTable.ended(j))
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        List<String> lines = JobTable.lines(jobs, ZoneId.systemDefault());
        if (lines.isEmpty()) {
            out.println(runningOnly ? "No running jobs." : "No jobs.");
        } else {
            lines.forEach(out::println);
        }
        out.flush();
        return ExitCodes.SUCCESS;
    }

    private ClusterConnection connect() throws ClusterAccessException {
        return clusterOptions.connect(spec, "list", false);
    }
}
