package dev.spindle.client.cli;

import dev.spindle.program.ProgramRunner;
import dev.spindle.program.UserProgram;
import dev.spindle.program.ProgramFailedException;
import dev.spindle.api.PipelineExecutor;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.runtime.local.LocalExecutor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spindle run}: calls main() of a class in the user's jar, in this JVM, with a context in
 * which the program's jobs go to the chosen target. Everything after the jar is the program's
 * (the command line is set to stop at the first positional), so {@code run job.jar --input a}
 * passes {@code --input a} to main() unchanged.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a program: calls main() of a class in <jar>, passing <args> unchanged; the jobs it executes "
                    + "run on the target.",
            "Options go before <jar>: everything after it belongs to the program."
        })
public final class RunCommand implements Callable<Integer> {
    static final String LOCAL_TARGET = "local";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-t", "--target"}, paramLabel = "<target>", order = 1, defaultValue = LOCAL_TARGET,
            description = "Where the jobs run. Supported: local (in this JVM). Default: ${DEFAULT-VALUE}.")
    private String target;

    private Integer parallelism;

    @Option(names = {"-c", "--class"}, paramLabel = "<class>", order = 3,
            description = "The class whose main() is called. Default: the Main-Class of the jar's manifest.")
    private String mainClass;

    @Option(names = "-D", paramLabel = "<key=value>", order = 4,
            description = "A configuration option of the program's jobs, e.g. -D execution.buffer-timeout=10ms. "
                    + "Repeatable; -p wins over -D parallelism.default.")
    private Map<String, String> dynamicOptions = new LinkedHashMap<>();

    @Option(names = {"-d", "--detached"}, order = 5,
            description = "Return once the jobs are submitted. Has no effect with the local target, which always "
                    + "waits for its jobs.")
    private boolean detached;

    @Parameters(index = "0", paramLabel = "<jar>", description = "The program's jar.")
    private Path jar;

    @Parameters(index = "1..*", paramLabel = "<args>", description = "The program's arguments.")
    private List<String> programArgs = new ArrayList<>();

    @Option(names = {"-p", "--parallelism"}, paramLabel = "<parallelism>", order = 2,
            description = "Default parallelism of the program's jobs (at least 1); operators that set their own keep it.")
    void setParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new ParameterException(spec.commandLine(), "parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
    }

    @Override
    public Integer call() throws Exception {
        Supplier<PipelineExecutor> executors = executorsOf(target);
        PrintWriter err = spec.commandLine().getErr();
        if (detached) {
            err.println("spindle: warning: --detached has no effect with target " + target + "; running attached");
            err.flush();
        }
        JobProgressPrinter progress = new JobProgressPrinter(spec.commandLine().getOut(), err);
        try (UserProgram program = UserProgram.load(jar, mainClass, RunCommand.class.getClassLoader())) {
            new ProgramRunner(configuration(), executors, progress).run(program, programArgs);
            // The local target is the cluster: jobs submitted with executeAsync() end with it, so
            // wait for them (with the program's class loader still open, as they load its classes).
            try {
                progress.awaitSubmittedJobs();
            } catch (dev.spindle.api.JobExecutionException e) {
                throw new ProgramFailedException(program.mainClassName(), e);
            }
        }
        if (progress.submittedJobs() == 0) {
            // Not an error (a program may decide there is nothing to do), but usually a forgotten execute().
            err.println("spindle: warning: the program submitted no job");
            err.flush();
        }
        return ExitCodes.SUCCESS;
    }

    /** The executors of a target; the cluster targets arrive with their deployers. */
    private Supplier<PipelineExecutor> executorsOf(String target) {
        if (LOCAL_TARGET.equals(target)) {
            return LocalExecutor::new;
        }
        throw new ParameterException(spec.commandLine(),
                "target '" + target + "' is not supported yet; supported: " + LOCAL_TARGET);
    }

    private Configuration configuration() {
        Configuration configuration = new Configuration();
        dynamicOptions.forEach(configuration::setString);
        if (parallelism != null) {
            configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        return configuration;
    }
}
