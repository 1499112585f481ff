package dev.spindle.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.MiniYarn;
import dev.spindle.yarn.UnmanagedApplications;
import dev.spindle.yarn.driver.YarnDriverOptions;
import dev.spindle.yarn.driver.YarnResourceDriver;
import dev.spindle.yarn.spec.ClusterMode;
import dev.spindle.yarn.spec.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session ApplicationMaster whose YARN ResourceManager goes away for good: the whole AM
 * ({@link ApplicationMasterMain#run()}, real JobManager, real YARN driver) runs in this JVM as the
 * unmanaged AM of an application on a MiniYARNCluster, whose ResourceManager is then stopped. Once
 * the AMRM client gives up reconnecting (a few seconds here), the AM must end with a fatal log line
 * and its own exit code, not wait for a stop request that can never come.
 */
class ResourceManagerLossIT {
    @TempDir
    Path dir;

    @Test
    void anApplicationMasterThatLosesItsResourceManagerEndsWithItsExitCode() throws Exception {
        try (MiniYarn yarn = MiniYarn.start("rm-loss-it", dir.resolve("conf"), 1024)) {
            YarnClient client = yarn.client();
            UnmanagedApplications.Submitted submitted = UnmanagedApplications.submit(client, "rm-loss-it");
            ApplicationId application = submitted.id();
            UserGroupInformation am = withClusterSecret(submitted.amUser());
            Path staging = Files.createDirectories(dir.resolve("staging"));
            new ClusterSpec(
                            ClusterSpec.VERSION,
                            new ClusterMode.Session(),
                            Map.of("heartbeat.interval", "200 ms"),
                            staging.toUri().toString(),
                            List.of("lib/spindle.jar"))
                    .writeTo(dir.resolve(ClusterSpec.FILE_NAME));
            YarnConfiguration amConfig = new YarnConfiguration(yarn.config());
            // The AMRM client gives up after about 3 s instead of YARN's 15 minutes (and the IPC-level
            // retries under each of its own take 100 ms, not 10 s; none at all breaks the SASL handshake).
            amConfig.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 3_000);
            amConfig.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 500);
            amConfig.setInt(org.apache.hadoop.fs.CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_MAX_RETRIES_KEY, 1);
            amConfig.setInt(
                    org.apache.hadoop.fs.CommonConfigurationKeysPublic.IPC_CLIENT_CONNECT_RETRY_INTERVAL_KEY, 100);
            ApplicationMasterMain main = new ApplicationMasterMain(
                    new AmEnvironment(dir, "localhost", "container_it"),
                    amConfig,
                    (spec, rpc, restUrl) -> new YarnResourceDriver(
                            amConfig,
                            (worker, size) -> {
                                throw new AssertionError("an idle session starts no TaskManager");
                            },
                            YarnDriverOptions.of(
                                    Configuration.fromMap(spec.configuration()), "localhost", 1, restUrl)));
            List<String> errors = new CopyOnWriteArrayList<>();
            AppenderSkeleton capture = errorsOf(errors);
            Logger.getLogger(ApplicationMasterMain.class).addAppender(capture);
            try {
                CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(() -> asUser(am, main::run));
                awaitState(client, application, YarnApplicationState.RUNNING, exitCode);

                yarn.cluster().getResourceManager().stop();

                assertEquals(
                        AmOutcome.EXIT_RESOURCE_MANAGER_LOST,
                        exitCode.get(60, TimeUnit.SECONDS),
                        "the AM ends once the ResourceManager is lost for good");
            } finally {
                Logger.getLogger(ApplicationMasterMain.class).removeAppender(capture);
            }
            assertTrue(
                    errors.size() == 1
                            && errors.get(0)
                                    .startsWith(
                                            "FATAL: the ApplicationMaster lost the YARN ResourceManager and ends (exit code "
                                                    + AmOutcome.EXIT_RESOURCE_MANAGER_LOST + "): "
                                                    + "the connection to the YARN ResourceManager failed: "),
                    errors.toString());
            assertFalse(Files.exists(staging), "the staging directory (with the secret) is deleted on this path too");
        }
    }

    /** The AM user with the cluster secret among its credentials, where the client would have put it. */
    private static UserGroupInformation withClusterSecret(UserGroupInformation user) {
        Credentials credentials = new Credentials();
        credentials.addSecretKey(
                new Text(ClusterSpec.SECRET_ALIAS), ClusterSecret.generate().toBytes());
        user.addCredentials(credentials);
        return user;
    }

    private static void awaitState(
            YarnClient client, ApplicationId application, YarnApplicationState state, CompletableFuture<Integer> am)
            throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        YarnApplicationState now;
        while ((now = client.getApplicationReport(application).getYarnApplicationState()) != state) {
            assertFalse(am.isDone(), () -> "the AM ended early with " + am.join());
            assertTrue(System.currentTimeMillis() < deadline, "application still " + now + ", not " + state);
            Thread.sleep(50);
        }
    }

    private static int asUser(UserGroupInformation user, java.util.function.IntSupplier action) {
        try {
            return user.doAs((PrivilegedExceptionAction<Integer>) action::getAsInt);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collects the messages of ERROR events. */
    private static AppenderSkeleton errorsOf(List<String> errors) {
        return new AppenderSkeleton() {
            @Override
            protected void append(LoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                    errors.add(event.getRenderedMessage());
                }
            }

            @Override
            public void close() {}

            @Override
            public boolean requiresLayout() {
                return false;
            }
        };
    }
}
