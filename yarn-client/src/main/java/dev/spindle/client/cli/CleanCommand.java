package dev.spindle.client.cli;

import dev.spindle.client.cluster.ClusterAccessException;
import dev.spindle.client.yarn.HadoopConfigs;
import dev.spindle.client.yarn.HighAvailabilityLeftovers;
import dev.spindle.client.yarn.StagingJanitor;
import dev.spindle.client.yarn.StagingJanitor.Sweep;
import dev.spindle.client.yarn.YarnConfLocator;
import dev.spindle.client.yarn.YarnPropertiesFile;
import dev.spindle.config.Configuration;
import dev.spindle.config.GlobalConfiguration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.yarn.YarnOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spindle clean}: removes what ended YARN applications left behind, as
 * {@link StagingJanitor} decides: staging directories in {@code .spindle/} of applications that
 * YARN reports ended or does not know, unchanged for the grace period, and a
 * {@code .yarn-properties-<user>} file that names an ended application; with high availability on,
 * the HA data of ended applications ({@link HighAvailabilityLeftovers}). One line per removal and a
 * summary on stdout.
 */
@Command(
        name = "clean",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Removes the staging directories (.spindle/<applicationId> under yarn.staging-directory) of YARN "
                    + "applications that have ended or that YARN does not know, once unchanged for the grace period, "
                    + "and a .yarn-properties-<user> file that names an ended application. With high availability "
                    + "on (high-availability.type: zookeeper), also the ZooKeeper nodes and high-availability.storageDir "
                    + "files of ended applications (no grace period). Running applications and "
                    + "the shared cache (.spindle/cache) are left alone.",
        })
public final class CleanCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--grace",
            paramLabel = "<duration>",
            order = 1,
            description = "Leave directories changed more recently than this, e.g. 0, 30 min, 1 h. "
                    + "Default: yarn.staging-directory.cleanup-grace (1 h).")
    private String grace;

    @Option(names = "--dry-run", order = 2, description = "Only print what would be removed.")
    private boolean dryRun;

    @Option(
            names = "-D",
            paramLabel = "<key=value>",
            order = 3,
            description = "A configuration option, e.g. -D yarn.staging-directory=<uri>. Repeatable.")
    private Map<String, String> dynamicOptions = new LinkedHashMap<>();

    @Option(
            names = "--yarn-conf-dir",
            paramLabel = "<dir>",
            order = 4,
            description = "The directory of yarn-site.xml. Default: $HADOOP_CONF_DIR, $YARN_CONF_DIR, else the "
                    + "local YARN cluster's (scripts/local-yarn).")
    private Path yarnConfDir;

    @Override
    public Integer call() throws Exception {
        Configuration config = GlobalConfiguration.load();
        dynamicOptions.forEach(config::setString);
        Duration gracePeriod = gracePeriod(config);
        YarnConfiguration hadoopConfig = HadoopConfigs.load(
                yarnConfDir != null
                        ? yarnConfDir
                        : YarnConfLocator.ofThisProcess().confDirectory());
        PrintWriter out = spec.commandLine().getOut();
        Sweep sweep;
        HighAvailabilityLeftovers.Sweep ha;
        boolean propertiesFile;
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(hadoopConfig);
            yarn.start();
            StagingJanitor janitor = new StagingJanitor(hadoopConfig, yarn, gracePeriod, dryRun, out::println);
            sweep = janitor.sweepStagingDirectories(config.get(YarnOptions.STAGING_DIRECTORY), null);
            propertiesFile = janitor.sweepPropertiesFile(YarnPropertiesFile.of(config));
            ha = HighAvailabilityLeftovers.sweep(config, yarn, dryRun, out::println);
        } catch (IOException | YarnException e) {
            throw new ClusterAccessException(
                    "could not clean up: " + e.getMessage()
                            + " (check yarn.staging-directory, that the YARN ResourceManager is reachable and, with "
                            + "high availability, the ZooKeeper quorum and high-availability.storageDir)",
                    e);
        }
        out.println(summary(sweep, propertiesFile, gracePeriod));
        if (HighAvailabilityOptions.enabled(config)) {
            out.println((dryRun ? "Would remove" : "Removed") + " the high-availability data of " + ha.removed()
                    + " ended " + (ha.removed() == 1 ? "application" : "applications") + "; kept " + ha.kept()
                    + " of running or unknown applications and other clusters");
        }
        out.flush();
        if (sweep.failed() > 0 || ha.failed() > 0) {
            throw new ClusterAccessException("could not remove " + sweep.failed() + " staging "
                    + (sweep.failed() == 1 ? "directory" : "directories") + " and the high-availability data of "
                    + ha.failed() + " " + (ha.failed() == 1 ? "application" : "applications")
                    + " (see above); check their permissions");
        }
        return ExitCodes.SUCCESS;
    }

    private Duration gracePeriod(Configuration config) {
        try {
            Duration d =
                    grace != null ? Configuration.parseDuration(grace) : config.get(YarnOptions.STAGING_CLEANUP_GRACE);
            if (d.isNegative()) {
                throw new IllegalArgumentException("it must not be negative");
            }
            return d;
        } catch (IllegalConfigurationException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "--grace: " + e.getMessage() + " (e.g. 0, 30 min, 1 h)", e);
        }
    }

    /** E.g. {@code Removed 2 staging directories and the properties file; kept 1 of running applications, 0 younger than 1 h}. */
    private String summary(Sweep sweep, boolean propertiesFile, Duration gracePeriod) {
        String verb = dryRun ? "Would remove " : "Removed ";
        return verb + sweep.removed() + " staging " + (sweep.removed() == 1 ? "directory" : "directories")
                + (propertiesFile ? " and the properties file" : "") + "; kept " + sweep.keptRunning()
                + " of running applications, " + sweep.keptYoung() + " younger than "
                + StagingJanitor.format(gracePeriod);
    }
}
