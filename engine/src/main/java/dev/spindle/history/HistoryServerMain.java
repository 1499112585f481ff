package dev.spindle.history;

import dev.spindle.cluster.entrypoint.ConfigurationFile;
import dev.spindle.cluster.entrypoint.ExitCode;
import dev.spindle.config.Configuration;
import dev.spindle.config.GlobalConfiguration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.YamlConfigFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * The history server's process, as {@code scripts/history-server start} runs it:
 * {@code [--config config.yaml] [--config-file FILE] [--info-file FILE]}. The configuration is
 * the YAML file of {@code --config}, else the installation's ({@code SPINDLE_CONF_DIR} or
 * {@code <spindle.home>/conf/config.yaml}), overridden by the flat file of {@code --config-file}
 * (the script's {@code -D} options: values never on the command line). Once serving it writes
 * {@code --info-file} ({@code pid=}, {@code url=}). A bad configuration or a missing archive
 * directory ends it with one line on stderr and exit code 2; a port that cannot be bound with 7.
 * It stops on SIGTERM.
 */
final class HistoryServerMain {
    private HistoryServerMain() {}

    static int run(String[] args) {
        HistoryServer server;
        InetSocketAddress bound;
        Path infoFile;
        try {
            Arguments arguments = Arguments.parse(args);
            infoFile = arguments.infoFile;
            server = new HistoryServer(arguments.configuration());
            try {
                bound = server.start();
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IllegalConfigurationException | IllegalArgumentException e) {
            System.err.println("history-server: " + e.getMessage());
            return ExitCode.USAGE_ERROR.code();
        } catch (IOException e) {
            System.err.println("history-server: " + e.getMessage());
            return ExitCode.START_FAILED.code();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "spindle-history-shutdown"));
        String url = "http://" + bound.getHostString() + ":" + bound.getPort() + "/";
        System.out.println("History server listening on " + url);
        if (infoFile != null) {
            try {
                writeInfo(infoFile, url);
            } catch (IOException e) {
                System.err.println("history-server: cannot write " + infoFile + ": " + e.getMessage());
                return ExitCode.START_FAILED.code();
            }
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.SUCCESS.code();
    }

    private static void writeInfo(Path file, String url) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        String text = "pid=" + ProcessHandle.current().pid() + "\nurl=" + url + "\n";
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The parsed command line. */
    private static final class Arguments {
        Path yaml;
        Path flat;
        Path infoFile;

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                Path value = Path.of(args[++i]);
                switch (name) {
                    case "--config" -> a.yaml = value;
                    case "--" + ConfigurationFile.ARGUMENT -> a.flat = value;
                    case "--info-file" -> a.infoFile = value;
                    default ->
                        throw new IllegalArgumentException(
                                "unknown argument '" + name + "'; expected --config, --config-file or --info-file");
                }
            }
            return a;
        }

        Configuration configuration() {
            Configuration config;
            try {
                if (yaml != null) {
                    if (!Files.isRegularFile(yaml)) {
                        throw new IllegalConfigurationException("the configuration file " + yaml + " does not exist");
                    }
                    config = Configuration.fromMap(YamlConfigFile.read(yaml));
                } else {
                    config = GlobalConfiguration.load();
                }
                if (flat != null) {
                    config.addAll(ConfigurationFile.read(flat));
                }
            } catch (IOException e) {
                throw new IllegalConfigurationException("cannot read the configuration: " + e.getMessage());
            }
            return config;
        }
    }
}
