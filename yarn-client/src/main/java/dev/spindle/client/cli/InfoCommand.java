package dev.spindle.client.cli;

import dev.spindle.api.JobClient;
import dev.spindle.api.JobListener;
import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.graph.JobGraph;
import dev.spindle.program.ProgramRunner;
import dev.spindle.program.UserProgram;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spindle info}: calls main() of the program as {@code run} does, but with an executor that
 * only keeps the job graphs ({@link PlanCapturingExecutor}), and prints them as one JSON document
 * on stdout ({@link JobGraphJson}). Nothing runs and no cluster is needed.
 */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints the job graphs a program builds, as JSON, without running them: calls main() of a class "
                    + "in <jar> with <args>, and each execute() returns at once (zero runtime, no counters).",
            "Stdout is one JSON document, {\"jobs\": [...]}, one object per execute() in order. "
                    + "Options go before <jar>: everything after it belongs to the program."
        })
public final class InfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    private Integer parallelism;

    @Option(names = {"-c", "--class"}, paramLabel = "<class>", order = 2,
            description = "The class whose main() is called. Default: the Main-Class of the jar's manifest.")
    private String mainClass;

    @Option(names = "-D", paramLabel = "<key=value>", order = 3,
            description = "A configuration option of the program's jobs, as for run. Repeatable; "
                    + "-p wins over -D parallelism.default.")
    private Map<String, String> dynamicOptions = new LinkedHashMap<>();

    @Parameters(index = "0", paramLabel = "<jar>", description = "The program's jar.")
    private Path jar;

    @Parameters(index = "1..*", paramLabel = "<args>", description = "The program's arguments.")
    private List<String> programArgs = new ArrayList<>();

    @Option(names = {"-p", "--parallelism"}, paramLabel = "<parallelism>", order = 1,
            description = "Default parallelism of the program's jobs (at least 1); operators that set their own keep it.")
    void setParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new ParameterException(spec.commandLine(), "parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
    }

    @Override
    public Integer call() throws Exception {
        // One executor for all environments the program creates, so that the graphs stay in order.
        PlanCapturingExecutor executor = new PlanCapturingExecutor();
        try (UserProgram program = UserProgram.load(jar, mainClass, InfoCommand.class.getClassLoader())) {
            new ProgramRunner(configuration(), () -> executor, IGNORE_JOBS).run(program, programArgs);
        }
        List<JobGraph> graphs = executor.graphs();
        PrintWriter err = spec.commandLine().getErr();
        if (graphs.isEmpty()) {
            err.println("spindle: warning: the program executed no job");
            err.flush();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(JobGraphJson.write(graphs));
        out.flush();
        return ExitCodes.SUCCESS;
    }

    /** Nothing to report per job: the graphs are the output. */
    private static final JobListener IGNORE_JOBS = new JobListener() {
        @Override
        public void onJobSubmitted(JobClient client) {
        }
    };

    private Configuration configuration() {
        Configuration configuration = new Configuration();
        dynamicOptions.forEach(configuration::setString);
        if (parallelism != null) {
            configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        }
        return configuration;
    }
}
