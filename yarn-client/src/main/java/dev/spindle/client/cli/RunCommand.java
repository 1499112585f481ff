package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.yarn.RuntimeJars;
import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobExecutionException;
import dev.spindle.core.execution.JobClient;
import dev.spindle.core.execution.PipelineExecutor;
import dev.spindle.program.ProgramFailedException;
import dev.spindle.program.ProgramRunner;
import dev.spindle.program.UserProgram;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spindle run}: calls main() of a class in the user's jar, in this JVM, with a context in
 * which the program's jobs go to the chosen target. Everything after the jar is the program's
 * (the command line is set to stop at the first positional), so {@code run job.jar --input a}
 * passes {@code --input a} to main() unchanged.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs a program: calls main() of a class in <jar>, passing <args> unchanged; the jobs it executes "
                    + "run on the target.",
            "Options go before <jar>: everything after it belongs to the program."
        })
public final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgramOptions program;

    @Option(
            names = {"-t", "--target"},
            paramLabel = "<target>",
            order = 1,
            description = "Where the jobs run: local (in this JVM), standalone (on a running cluster, see "
                    + "scripts/standalone-cluster), yarn-session (on a YARN session, see scripts/yarn-session) or "
                    + "yarn-per-job (on a YARN cluster of its own that runs the program's one job and ends with it) or "
                    + "yarn-application (main() itself runs on a YARN cluster of its own; as run-application). "
                    + "Default: the standalone cluster of --cluster-dir/-m if given, else the YARN session of -yid, "
                    + "-D yarn.application.id or the .yarn-properties-<user> file if there is one, else local.")
    private String target;

    @Option(
            names = {"-d", "--detached"},
            order = 5,
            description = "Return once the jobs are submitted, leaving them running: the program's execute() "
                    + "returns at submission. Has no effect with the local target, which always waits for its jobs.")
    private boolean detached;

    @Mixin
    private SavepointRestoreOptions restore;

    @Mixin
    private ClusterLocationOptions cluster;

    @Mixin
    private YarnSessionOptions yarnSession;

    @Mixin
    private OutputOptions output;

    /** Set in {@link #call()}: the Oozie action this run is part of, if any. */
    private OozieAction oozie = OozieAction.NONE;

    @Override
    public Integer call() throws Exception {
        // Before anything else, so that a bad value is a usage error on every target (and no
        // cluster is looked for, nothing uploaded).
        program.restoreFrom(restore);
        ConfigValidation.check(spec, program.configuration());
        oozie = OozieCommands.action(spec);
        if (YarnApplicationRun.NAME.equals(target)) {
            new ClusterSelection(spec, cluster, yarnSession, program.configuration()).target(target, LocalTarget.NAME);
            return RunApplicationCommand.run(spec, program, yarnSession, detached, output, oozie);
        }
        RunReport report = new RunReport(program.configuration());
        return output.run(
                report, spec.commandLine().getOut(), spec.commandLine().getErr(), oozie, () -> {
                    RunTarget runTarget = runTarget(report);
                    report.succeeded(run(runTarget, report));
                    return ExitCodes.SUCCESS;
                });
    }

    /** Runs the program on the target; returns whether it ran detached. */
    private boolean run(RunTarget runTarget, RunReport report) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        boolean detach = detached && runTarget.jobsOutliveClient();
        if (detached && !detach) {
            err.println("spindle: warning: --detached has no effect with target " + target + "; running attached");
            err.flush();
        }
        JobProgressPrinter.Reporting reporting = detach
                ? JobProgressPrinter.Reporting.SUBMISSIONS
                : runTarget.jobsOutliveClient()
                        ? JobProgressPrinter.Reporting.STATES_AND_RESULTS
                        : JobProgressPrinter.Reporting.RESULTS;
        JobProgressPrinter progress =
                new JobProgressPrinter(spec.commandLine().getOut(), err, reporting, program.configuration());
        try {
            try {
                runProgram(runTarget, progress, detach);
            } finally {
                progress.close();
                report.jobs(progress.submitted());
            }
        } finally {
            try {
                runTarget.afterProgram(detach);
            } finally {
                report.cluster(runTarget.applicationId(), runTarget.restUrl());
                report.applicationFinalStatus(runTarget.applicationFinalStatus());
            }
        }
        List<JobClient> jobs = progress.submitted();
        if (jobs.isEmpty()) {
            // Not an error (a program may decide there is nothing to do), but usually a forgotten execute().
            err.println("spindle: warning: the program submitted no job");
        } else if (detach) {
            for (JobClient job : jobs) {
                err.println("Job " + job.getJobId() + " runs detached; " + runTarget.detachedHint(job.getJobId()));
            }
        }
        err.flush();
        return detach;
    }

    /** Runs main() with the target's executors; attached, follows every job to its end. */
    private void runProgram(RunTarget runTarget, JobProgressPrinter progress, boolean detach) throws Exception {
        try (UserProgram loaded = program.load(RunCommand.class.getClassLoader())) {
            Supplier<PipelineExecutor> executors = detach
                    ? () -> ConfigValidation.checking(new DetachedExecutor(runTarget.newExecutor(loaded)))
                    : () -> ConfigValidation.checking(runTarget.newExecutor(loaded));
            new ProgramRunner(program.configuration(), executors, progress).run(loaded, program.programArgs());
            if (!detach) {
                // Attached, the command follows every job to its end, also those submitted with
                // executeAsync() that main() did not wait for; locally it must (this JVM is the
                // cluster), and the program's class loader must stay open while they run.
                try {
                    progress.awaitSubmittedJobs();
                } catch (JobExecutionException e) {
                    throw new ProgramFailedException(loaded.mainClassName(), e);
                }
            }
        }
    }

    /** The target (see {@link ClusterSelection}), connected: a cluster that is not there fails here, before the program is loaded. */
    private RunTarget runTarget(RunReport report) throws ClusterAccessException {
        ClusterSelection selection = new ClusterSelection(spec, cluster, yarnSession, program.configuration());
        target = selection.target(target, LocalTarget.NAME);
        report.target(target);
        if (ClusterSelection.YARN_PER_JOB.equals(target)) {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Configuration config = program.configuration();
            OozieCommands.tagApplication(oozie, config, err);
            return new YarnPerJobTarget(
                    yarnSession.hadoopConfig(),
                    RuntimeJars.in(RuntimeJars.defaultLibDir()),
                    config,
                    detached,
                    WriterPrintStream.of(out),
                    WriterPrintStream.of(err));
        }
        return LocalTarget.NAME.equals(target)
                ? new LocalTarget()
                : SessionClusterTarget.connect(
                        selection.connect(target, true),
                        ClusterSelection.YARN_SESSION.equals(target)
                                ? yarnSession
                                        .applicationId(spec, program.configuration())
                                        .toString()
                                : null,
                        program.configuration().get(ClientOptions.POLL_INTERVAL));
    }
}
