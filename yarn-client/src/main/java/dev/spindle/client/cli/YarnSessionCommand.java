package dev.spindle.client.cli;

import dev.spindle.client.yarn.ClusterDeploymentException;
import dev.spindle.client.yarn.DeployedCluster;
import dev.spindle.client.yarn.DeploymentRequest;
import dev.spindle.client.yarn.HadoopConfigs;
import dev.spindle.client.yarn.RuntimeJars;
import dev.spindle.client.yarn.YarnConfLocator;
import dev.spindle.client.yarn.YarnDeployer;
import dev.spindle.client.yarn.YarnPropertiesFile;
import dev.spindle.client.yarn.YarnSessionClient;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.GlobalConfiguration;
import dev.spindle.config.MemorySize;
import dev.spindle.yarn.YarnOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code yarn-session}: starts a Spindle session cluster on YARN, attached (waits; {@code stop} or
 * {@code quit} on stdin, or Ctrl-C, stops it) or detached ({@code -d}: prints how to stop it and
 * exits); {@code -id <appId> stop} stops a running session, {@code -id <appId>} attaches to one.
 * The YARN cluster is the one configured in {@code YARN_CONF_DIR}/{@code HADOOP_CONF_DIR}.
 */
@Command(
        name = "yarn-session",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = VersionProvider.class,
        description = "Starts, attaches to or stops a Spindle session cluster on YARN.")
public final class YarnSessionCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-d", "--detached"},
            description = "Start the session and exit, leaving it running.")
    private boolean detached;

    @Option(
            names = {"-nm", "--name"},
            paramLabel = "<name>",
            description = "Application name (yarn.application.name).")
    private String name;

    @Option(
            names = {"-qu", "--queue"},
            paramLabel = "<queue>",
            description = "YARN queue (yarn.application.queue).")
    private String queue;

    @Option(
            names = {"-jm", "--jobManagerMemory"},
            paramLabel = "<mem>",
            description = "Memory of the JobManager's container, MB or with a unit (jobmanager.memory.process.size).")
    private String jobManagerMemory;

    @Option(
            names = {"-tm", "--taskManagerMemory"},
            paramLabel = "<mem>",
            description =
                    "Memory of each TaskManager's container, MB or with a unit (taskmanager.memory.process.size).")
    private String taskManagerMemory;

    @Option(
            names = {"-s", "--slots"},
            paramLabel = "<n>",
            description = "Slots per TaskManager (taskmanager.numberOfTaskSlots).")
    private Integer slots;

    @Option(names = "-D", paramLabel = "<key=value>", mapFallbackValue = "", description = "A configuration option.")
    private Map<String, String> dynamicOptions = new LinkedHashMap<>();

    @Option(
            names = {"-id", "--applicationId"},
            paramLabel = "<appId>",
            description = "A running session to attach to or stop.")
    private String applicationId;

    @Option(
            names = "--yarn-conf-dir",
            paramLabel = "<dir>",
            description =
                    "Directory with the YARN cluster's yarn-site.xml (default: YARN_CONF_DIR, else HADOOP_CONF_DIR).")
    private Path yarnConfDir;

    @Option(names = "--lib-dir", hidden = true, description = "The runtime jars shipped to the cluster.")
    private Path libDir;

    @Option(
            names = {"-v", CliExceptionHandler.VERBOSE_OPTION},
            description = "Print the stack trace of a failure.")
    private boolean verbose;

    @Parameters(index = "0", arity = "0..1", paramLabel = "stop", description = "With -id: stop that session.")
    private String action;

    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    YarnSessionCommand(InputStream stdin, PrintStream out, PrintStream err) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the command with its own streams; returns the exit code. */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new YarnSessionCommand(stdin, out, err));
        CliExceptionHandler handler = new CliExceptionHandler();
        cli.setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler(handler)
                .setExecutionExceptionHandler(handler);
        cli.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.describe());
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (action != null && !action.equals("stop")) {
            throw new ParameterException(
                    spec.commandLine(), "unknown action '" + action + "'; the only one is 'stop' (with -id)");
        }
        if (action != null && applicationId == null) {
            throw new ParameterException(spec.commandLine(), "'stop' needs the session: -id <appId> stop");
        }
        ApplicationId appId = applicationId == null ? null : parseApplicationId();
        // Only a new session is an application of the Oozie action; read before anything is submitted.
        OozieAction oozie = appId == null ? OozieCommands.action(spec) : OozieAction.NONE;
        Configuration config = ConfigValidation.check(spec, configuration());
        Path confDir = yarnConfDir != null
                ? yarnConfDir
                : YarnConfLocator.ofThisProcess().confDirectory();
        YarnConfiguration hadoopConfig = HadoopConfigs.load(confDir);
        YarnSessionClient sessions = new YarnSessionClient(hadoopConfig, config, err);
        YarnPropertiesFile properties = YarnPropertiesFile.of(config);
        if (appId != null) {
            if ("stop".equals(action)) {
                return stopped(appId, sessions.stop(appId), properties);
            }
            return attach(sessions, sessions.find(appId), properties);
        }
        YarnDeployer deployer = new YarnDeployer(
                hadoopConfig, RuntimeJars.in(libDir != null ? libDir : RuntimeJars.defaultLibDir()), out, err);
        OozieCommands.tagApplication(oozie, config, new PrintWriter(err, true));
        DeployedCluster session = deployer.deploy(DeploymentRequest.session(config));
        properties.write(session.applicationId().toString());
        out.println("Spindle session " + session.applicationId() + " is running; REST endpoint " + session.restUrl());
        out.println("Submit jobs with: scripts/spindle run -t yarn-session -yid " + session.applicationId()
                + " <jar> [args] (without -t and -yid, scripts/spindle run uses " + properties.path() + ")");
        if (detached) {
            out.println("Stop it with: scripts/yarn-session -id " + session.applicationId() + " stop");
            out.flush();
            return ExitCodes.SUCCESS;
        }
        return attach(sessions, session, properties);
    }

    /**
     * Waits for {@code stop}/{@code quit} on stdin (or Ctrl-C), then stops the session. A session
     * that ends otherwise (killed through YARN) ends the wait too, and the command exits with the
     * code for cluster errors.
     */
    private int attach(YarnSessionClient sessions, DeployedCluster session, YarnPropertiesFile properties)
            throws Exception {
        out.println("Type 'stop' or 'quit' (or press Ctrl-C) to stop the session");
        out.flush();
        Thread onInterrupt = new Thread(
                () -> {
                    try {
                        stop(sessions, session, properties);
                    } catch (Exception e) {
                        err.println(CliExceptionHandler.ERROR_PREFIX + e.getMessage());
                    }
                },
                "Spindle session stop");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        CompletableFuture<Boolean> stopAsked = new CompletableFuture<>();
        daemon("Spindle session stdin", () -> readStopCommand(stopAsked));
        daemon("Spindle session watch", () -> {
            try {
                sessions.awaitEnd(session.applicationId());
                stopAsked.complete(false);
            } catch (Exception e) {
                stopAsked.completeExceptionally(e);
            }
        });
        boolean stop;
        try {
            stop = stopAsked.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        }
        if (stop) {
            return stop(sessions, session, properties);
        }
        ApplicationReport ended = sessions.stop(session.applicationId());
        properties.removeIfFor(session.applicationId().toString());
        throw new ClusterDeploymentException("the session " + session.applicationId() + " ended without being stopped: "
                + ended.getYarnApplicationState() + "/" + ended.getFinalApplicationStatus() + " "
                + Objects.toString(ended.getDiagnostics(), "").strip().replace('\n', ' '));
    }

    /** Completes {@code stopAsked} on {@code stop} or {@code quit}; at the end of input it leaves it to Ctrl-C. */
    private void readStopCommand(CompletableFuture<Boolean> stopAsked) {
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                String command = line.trim().toLowerCase(Locale.ROOT);
                if (command.equals("stop") || command.equals("quit")) {
                    stopAsked.complete(true);
                    return;
                }
                if (!command.isEmpty()) {
                    err.println("Unknown command '" + line.trim() + "'; type 'stop' or 'quit'");
                }
            }
        } catch (java.io.IOException e) {
            err.println("Cannot read stdin (" + e.getMessage() + "); stop the session with Ctrl-C");
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private int stop(YarnSessionClient sessions, DeployedCluster session, YarnPropertiesFile properties)
            throws Exception {
        return stopped(session.applicationId(), sessions.stop(session), properties);
    }

    private int stopped(ApplicationId appId, ApplicationReport report, YarnPropertiesFile properties) throws Exception {
        properties.removeIfFor(appId.toString());
        out.println("Stopped session " + appId + " (" + report.getYarnApplicationState() + "/"
                + report.getFinalApplicationStatus() + ")");
        out.flush();
        return ExitCodes.SUCCESS;
    }

    /** The configuration file's options ({@link GlobalConfiguration}), overridden by {@code -D}, then by the flags. */
    private Configuration configuration() {
        Configuration config = GlobalConfiguration.load();
        dynamicOptions.forEach(config::setString);
        if (name != null) {
            config.set(YarnOptions.APPLICATION_NAME, name);
        }
        if (queue != null) {
            config.set(YarnOptions.APPLICATION_QUEUE, queue);
        }
        if (jobManagerMemory != null) {
            config.set(YarnOptions.JOB_MANAGER_MEMORY, memory("-jm", jobManagerMemory));
        }
        if (taskManagerMemory != null) {
            config.set(ClusterOptions.TASK_MANAGER_MEMORY, memory("-tm", taskManagerMemory));
        }
        if (slots != null) {
            config.set(ClusterOptions.TASK_SLOTS, slots);
        }
        return config;
    }

    /** As Flink's yarn-session: a plain number is MB. */
    private MemorySize memory(String option, String text) {
        try {
            return text.chars().allMatch(Character::isDigit)
                    ? MemorySize.ofMebiBytes(Long.parseLong(text))
                    : MemorySize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": invalid memory size '" + text + "'");
        }
    }

    private ApplicationId parseApplicationId() {
        try {
            return ApplicationId.fromString(applicationId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "-id: not an application id: '" + applicationId + "'");
        }
    }
}
