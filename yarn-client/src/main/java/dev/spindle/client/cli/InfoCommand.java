package dev.spindle.client.cli;

import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.JobListener;
import dev.spindle.graph.JobGraph;
import dev.spindle.program.ProgramRunner;
import dev.spindle.program.UserProgram;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code spindle info}: calls main() of the program as {@code run} does, but with an executor that
 * only keeps the job graphs ({@link PlanCapturingExecutor}), and prints them as one JSON document
 * on stdout ({@link JobGraphJson}). Nothing runs and no cluster is needed.
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints the job graphs a program builds, as JSON, without running them: calls main() of a class "
                    + "in <jar> with <args>, and each execute() returns at once (zero runtime, no counters).",
            "Stdout is one JSON document, {\"jobs\": [...]}, one object per execute() in order. "
                    + "Options go before <jar>: everything after it belongs to the program."
        })
public final class InfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgramOptions program;

    @Override
    public Integer call() throws Exception {
        ConfigValidation.check(spec, program.configuration());
        // One executor for all environments the program creates, so that the graphs stay in order.
        PlanCapturingExecutor executor = new PlanCapturingExecutor();
        try (UserProgram loaded = program.load(InfoCommand.class.getClassLoader())) {
            new ProgramRunner(program.configuration(), () -> executor, IGNORE_JOBS).run(loaded, program.programArgs());
        }
        List<JobGraph> graphs = executor.graphs();
        PrintWriter err = spec.commandLine().getErr();
        if (graphs.isEmpty()) {
            err.println("spindle: warning: the program executed no job");
        }
        for (JobGraph graph : graphs) {
            if (graph.runtimeMode() != dev.spindle.core.RuntimeExecutionMode.STREAMING) {
                continue; // BATCH jobs take no checkpoints or savepoints
            }
            for (var vertex : graph.vertices()) {
                for (var op : vertex.operators()) {
                    if (op.stateful() && op.uid() == null) {
                        err.println("spindle: warning: operator '" + op.name() + "' of job '" + graph.name()
                                + "' keeps state but has no uid: its state is found by its place in the program,"
                                + " so a savepoint may not fit a changed program; give it one with .uid(\"...\")");
                    }
                }
            }
        }
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(JobGraphJson.write(graphs));
        out.flush();
        return ExitCodes.SUCCESS;
    }

    /** Nothing to report per job: the graphs are the output. */
    private static final JobListener IGNORE_JOBS = new JobListener() {
        @Override
        public void onJobSubmitted(JobClient client) {}
    };
}
