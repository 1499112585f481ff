package dev.spindle.client.cli;

import dev.spindle.client.yarn.RuntimeJars;
import dev.spindle.config.Configuration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spindle run-application}: runs a program in application mode, its main() inside the
 * ApplicationMaster of a YARN cluster of its own ({@link YarnApplicationRun});
 * {@code spindle run -t yarn-application} is the same. The jar and its main class are checked here
 * before anything is deployed.
 */
@Command(
        name = "run-application",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs a program in application mode: its main() runs in the ApplicationMaster of a YARN cluster of its "
                    + "own, which ends when main() has returned and its jobs have ended (or when one of them fails "
                    + "or is cancelled).",
            "Options go before <jar>: everything after it belongs to the program."
        })
public final class RunApplicationCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ProgramOptions program;

    @Option(
            names = {"-t", "--target"},
            paramLabel = "<target>",
            order = 1,
            defaultValue = YarnApplicationRun.NAME,
            description =
                    "Where the application runs; only " + YarnApplicationRun.NAME + ". Default: ${DEFAULT-VALUE}.")
    private String target;

    @Option(
            names = {"-d", "--detached"},
            order = 5,
            description = "Return once the ApplicationMaster serves, leaving the application running.")
    private boolean detached;

    @Mixin
    private SavepointRestoreOptions restore;

    @Mixin
    private YarnSessionOptions yarn;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() throws Exception {
        program.restoreFrom(restore);
        ConfigValidation.check(spec, program.configuration());
        if (!YarnApplicationRun.NAME.equals(target)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "target '" + target + "' is not supported by run-application; " + "supported: "
                            + YarnApplicationRun.NAME);
        }
        if (yarn.explicit(program.configuration())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "-yid and yarn.application.id name a session; " + "an application gets a cluster of its own");
        }
        return run(spec, program, yarn, detached, output, OozieCommands.action(spec));
    }

    /** Runs the program in application mode; {@code run -t yarn-application} comes here too. */
    static int run(
            CommandSpec spec,
            ProgramOptions program,
            YarnSessionOptions yarn,
            boolean detached,
            OutputOptions output,
            OozieAction oozie)
            throws Exception {
        RunReport report = new RunReport(program.configuration());
        report.target(YarnApplicationRun.NAME);
        return output.run(
                report, spec.commandLine().getOut(), spec.commandLine().getErr(), oozie, () -> {
                    String mainClass = YarnApplicationRun.checkProgram(program);
                    Configuration config = program.configuration();
                    OozieCommands.tagApplication(
                            oozie, config, spec.commandLine().getErr());
                    YarnApplicationRun.Result result = new YarnApplicationRun(
                                    yarn.hadoopConfig(),
                                    RuntimeJars.in(RuntimeJars.defaultLibDir()),
                                    spec.commandLine().getOut(),
                                    spec.commandLine().getErr())
                            .run(program, config, mainClass, detached);
                    report.cluster(result.applicationId().toString(), result.restUrl());
                    report.jobStates(result.jobStates());
                    report.ended(result.finalStatus().name(), result.exitCode(), result.error());
                    return result.exitCode();
                });
    }
}
