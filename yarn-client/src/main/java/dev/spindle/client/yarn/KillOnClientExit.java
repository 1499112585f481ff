package dev.spindle.client.yarn;

import java.io.IOException;
import java.io.PrintStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * An attached per-job client's promise that its application does not outlive it: while installed,
 * a JVM shutdown (Ctrl-C/SIGINT, SIGTERM, or an exit before the application ended) kills the
 * application through YARN and deletes its staging directory, saying so on the progress stream.
 * SIGKILL runs no hook: then the cluster's lease on the client ({@code client.heartbeat.timeout})
 * ends the application instead.
 * When the shutdown comes from the program's own {@code System.exit} (main() runs in this JVM) and
 * the application was still running, the client ends with exit code 4 (main() failed) after the
 * kill, not with the program's status: an exit(0) must not report a killed run as a success.
 *
 * <p>The hook runs through Hadoop's {@link ShutdownHookManager} ahead of the hook that closes the
 * cached file systems, so that the staging directory can still be deleted on HDFS.
 */
public final class KillOnClientExit implements AutoCloseable {
    /** Above {@link FileSystem#SHUTDOWN_HOOK_PRIORITY}: runs before the file systems are closed. */
    static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 10;

    private final YarnConfiguration hadoopConfig;
    private final DeployedCluster cluster;
    private final PrintStream progress;
    private final Runnable hook = this::killIfRunning;

    private KillOnClientExit(YarnConfiguration hadoopConfig, DeployedCluster cluster, PrintStream progress) {
        this.hadoopConfig = hadoopConfig;
        this.cluster = cluster;
        this.progress = progress;
    }

    /** Installs the hook for {@code cluster}'s application until {@link #close()}. */
    public static KillOnClientExit install(
            YarnConfiguration hadoopConfig, DeployedCluster cluster, PrintStream progress) {
        KillOnClientExit guard = new KillOnClientExit(hadoopConfig, cluster, progress);
        ShutdownHookManager.get().addShutdownHook(guard.hook, SHUTDOWN_PRIORITY);
        return guard;
    }

    private void killIfRunning() {
        ApplicationId appId = cluster.applicationId();
        boolean programExit = ProgramExits.programCalledExit();
        progress.println("The attached client is stopping: killing application " + appId);
        boolean killed = false;
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(hadoopConfig);
            yarn.start();
            killed = ApplicationCleanup.killIfRunning(
                    yarn,
                    appId,
                    programExit
                            ? "the program called System.exit in the attached Spindle client"
                            : "the attached Spindle client was stopped (SIGINT/SIGTERM)",
                    progress);
        } catch (IOException | RuntimeException e) {
            progress.println("Could not reach YARN to kill application " + appId + ": " + YarnErrors.describe(e)
                    + "; kill it with: yarn application -kill " + appId);
        }
        ApplicationCleanup.deleteStagingDirectory(hadoopConfig, cluster.stagingDirectory(), progress);
        if (programExit && killed) {
            // The program's own status (often 0) would report a run that did not complete as a success.
            progress.println("spindle: error: the program called System.exit while its job was running on application "
                    + appId + ", which was killed (exit code " + ProgramExits.EXIT_CODE + ")");
            progress.flush();
            Runtime.getRuntime().halt(ProgramExits.EXIT_CODE);
        }
    }

    /** The application has ended (or is left running on purpose): the hook is no longer needed. */
    @Override
    public void close() {
        try {
            ShutdownHookManager.get().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs (or ran) and kills what still runs.
        }
    }
}
