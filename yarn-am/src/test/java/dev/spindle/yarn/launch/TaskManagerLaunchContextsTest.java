package dev.spindle.yarn.launch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.cluster.entrypoint.ConfigurationFile;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.JvmOptions;
import dev.spindle.config.MemorySize;
import dev.spindle.core.UserSystemExits;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import dev.spindle.yarn.YarnTaskManagerMain;
import dev.spindle.yarn.spec.ClusterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.DataInputByteBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskManagerLaunchContextsTest {
    private static final WorkerSpec SPEC = new WorkerSpec(2, MemorySize.ofMebiBytes(1024), 2);
    private static final WorkerId WORKER = new WorkerId("container_1_0001_01_000002");

    @TempDir
    Path dir;

    private static final LocalResource CONFIG_FILE = LocalResource.newInstance(
            URL.newInstance("hdfs", "nn", 8020, "/staging/" + TaskManagerLaunchContexts.CONFIG_FILE),
            LocalResourceType.FILE,
            LocalResourceVisibility.APPLICATION,
            10,
            1);

    private static TaskManagerLaunchContexts contexts(Credentials credentials, Configuration config) throws Exception {
        LocalResource jar = LocalResource.newInstance(
                URL.newInstance("hdfs", "nn", 8020, "/staging/lib/spindle-engine.jar"),
                LocalResourceType.FILE,
                LocalResourceVisibility.APPLICATION,
                10,
                1);
        return new TaskManagerLaunchContexts(
                Map.of("lib/spindle-engine.jar", jar, "lib/spindle-yarn-am.jar", jar),
                List.of("lib/spindle-engine.jar", "lib/spindle-yarn-am.jar"),
                credentials,
                "/usr/lib/jvm/java-17",
                config,
                CONFIG_FILE,
                "am-host:6123");
    }

    @Test
    void theContainerRunsTheYarnTaskManagerWithItsSizeLogsAndConfiguration() throws Exception {
        Configuration config = new Configuration();
        config.setString(ClusterOptions.TASK_MANAGER_JVM_OPTIONS.key(), "-XX:+UseParallelGC  -Dx=y");
        config.set(ClusterOptions.TASK_SLOTS, 2);
        config.setString("fs.s3a.secret.key", "s3cr3t");
        ContainerLaunchContext context = contexts(new Credentials(), config).create(WORKER, SPEC);

        assertEquals("/usr/lib/jvm/java-17", context.getEnvironment().get("JAVA_HOME"));
        assertEquals(
                "{{PWD}}/lib/spindle-engine.jar<CPS>{{PWD}}/lib/spindle-yarn-am.jar",
                context.getEnvironment().get("CLASSPATH"));
        assertEquals(3, context.getLocalResources().size());
        assertEquals(CONFIG_FILE, context.getLocalResources().get(TaskManagerLaunchContexts.CONFIG_FILE));
        String command = String.join(" ", context.getCommands());
        assertEquals(
                "{{JAVA_HOME}}/bin/java -Xmx768m -XX:ActiveProcessorCount=2 "
                        + UserSystemExits.JVM_OPTION + " '-XX:+UseParallelGC' '-Dx=y' -Dlog4j.configuration="
                        + ContainerLogging.LOG4J_CONFIGURATION
                        + " -Dspindle.log.file=<LOG_DIR>/taskmanager.log " + YarnTaskManagerMain.class.getName()
                        + " --worker-id '" + WORKER + "' --slots 2 --jobmanager 'am-host:6123' --config-file "
                        + TaskManagerLaunchContexts.CONFIG_FILE
                        + " 1><LOG_DIR>/taskmanager.out 2><LOG_DIR>/taskmanager.err",
                command);
        // The configuration travels in the file; a command line is in launch_container.sh and in ps.
        assertFalse(command.contains("s3cr3t"), command);
        assertFalse(command.contains("numberOfTaskSlots"), command);
    }

    @Test
    void jvmOptionsFromAYamlListKeepTheirSpacesAndCommasEachInItsOwnWord() throws Exception {
        Configuration config = new Configuration();
        config.set(
                ClusterOptions.TASK_MANAGER_JVM_OPTIONS,
                new JvmOptions(List.of("-Dgreeting=hello world", "-XX:CompileCommand=quiet,exclude")));
        String command = String.join(
                " ", contexts(new Credentials(), config).create(WORKER, SPEC).getCommands());

        assertTrue(
                command.contains(" " + UserSystemExits.JVM_OPTION
                        + " '-Dgreeting=hello world' '-XX:CompileCommand=quiet,exclude' -Dlog4j.configuration="),
                command);
    }

    @Test
    void theTokensCarryTheClusterSecretAndDelegationTokensButNotTheAmrmToken() throws Exception {
        Credentials credentials = new Credentials();
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        credentials.addSecretKey(new Text(ClusterSpec.SECRET_ALIAS), secret);
        Token<AMRMTokenIdentifier> amrm =
                new Token<>(new byte[] {1}, new byte[] {2}, AMRMTokenIdentifier.KIND_NAME, new Text("rm:8030"));
        credentials.addToken(new Text("amrm"), amrm);
        Token<TokenIdentifier> other =
                new Token<>(new byte[] {3}, new byte[] {4}, new Text("HDFS_DELEGATION_TOKEN"), new Text("nn:8020"));
        credentials.addToken(new Text("hdfs"), other);
        TaskManagerLaunchContexts contexts = contexts(credentials, new Configuration());
        for (int i = 0; i < 2; i++) { // every context gets the whole buffer
            ByteBuffer tokens = contexts.create(WORKER, SPEC).getTokens();
            DataInputByteBuffer in = new DataInputByteBuffer();
            in.reset(tokens);
            Credentials read = new Credentials();
            read.readTokenStorageStream(in);
            assertArrayEquals(secret, read.getSecretKey(new Text(ClusterSpec.SECRET_ALIAS)));
            assertEquals(
                    List.of(new Text("HDFS_DELEGATION_TOKEN")),
                    read.getAllTokens().stream().map(Token::getKind).toList(),
                    "the AM's own token stays with the AM");
        }
    }

    @Test
    void theConfigurationIsWrittenOwnerOnlyIntoTheStagingDirectory() throws Exception {
        org.apache.hadoop.fs.FileSystem fs =
                org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
        Configuration config = new Configuration();
        config.setString("fs.s3a.secret.key", "s3cr3t");

        LocalResource file =
                TaskManagerLaunchContexts.writeConfiguration(fs, new org.apache.hadoop.fs.Path(dir.toUri()), config);

        Path written = dir.resolve(TaskManagerLaunchContexts.CONFIG_FILE);
        assertEquals(written.toString(), file.getResource().getFile());
        assertEquals(Files.size(written), file.getSize());
        assertEquals(LocalResourceVisibility.APPLICATION, file.getVisibility());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        assertEquals(config.toMap(), ConfigurationFile.read(written).toMap());
    }

    @Test
    void stagedFilesAreLocalResourcesByLinkName() throws Exception {
        Files.createDirectories(dir.resolve("staging/lib"));
        Files.write(dir.resolve("staging/lib/a.jar"), new byte[] {1, 2, 3});
        org.apache.hadoop.fs.FileSystem fs =
                org.apache.hadoop.fs.FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
        org.apache.hadoop.fs.Path staging =
                new org.apache.hadoop.fs.Path(dir.resolve("staging").toUri());
        Files.createDirectories(dir.resolve("cache/0123"));
        Files.write(dir.resolve("cache/0123/shared.jar"), new byte[] {1, 2, 3, 4});
        String shared = dir.resolve("cache/0123/shared.jar").toUri().toString();
        Map<String, LocalResource> files = TaskManagerLaunchContexts.stagedFiles(
                fs, staging, List.of("lib/a.jar", "lib/shared.jar"), Map.of("lib/shared.jar", shared), Map.of());
        LocalResource a = files.get("lib/a.jar");
        assertEquals(3, a.getSize());
        assertEquals(LocalResourceType.FILE, a.getType());
        assertEquals(LocalResourceVisibility.APPLICATION, a.getVisibility());
        assertEquals(
                dir.resolve("staging/lib/a.jar").toString(), a.getResource().getFile());
        LocalResource fromCache = files.get("lib/shared.jar");
        assertEquals(4, fromCache.getSize());
        assertEquals(LocalResourceVisibility.PRIVATE, fromCache.getVisibility());
        assertEquals(
                dir.resolve("cache/0123/shared.jar").toString(),
                fromCache.getResource().getFile());
        java.io.IOException missing = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class,
                () -> TaskManagerLaunchContexts.stagedFiles(fs, staging, List.of("lib/b.jar"), Map.of(), Map.of()));
        assertTrue(missing.getMessage().contains("the staging directory lacks lib/b.jar"), missing.getMessage());
        java.io.IOException missingShared = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class,
                () -> TaskManagerLaunchContexts.stagedFiles(
                        fs,
                        staging,
                        List.of("lib/c.jar"),
                        Map.of("lib/c.jar", dir.resolve("cache/c.jar").toUri().toString()),
                        Map.of()));
        assertTrue(missingShared.getMessage().contains("the shared cache lacks lib/c.jar"), missingShared.getMessage());

        // yarn.provided.lib.dirs: from where they are, with the visibility ProvidedFiles gives them.
        Files.createDirectories(dir.resolve("provided"));
        Files.write(dir.resolve("provided/p.jar"), new byte[] {1, 2, 3, 4, 5});
        org.apache.hadoop.fs.Path providedPath =
                new org.apache.hadoop.fs.Path(dir.resolve("provided/p.jar").toUri());
        Map<String, LocalResource> withProvided = TaskManagerLaunchContexts.stagedFiles(
                fs, staging, List.of("lib/a.jar", "lib/p.jar"), Map.of(), Map.of("lib/p.jar", providedPath.toString()));
        LocalResource provided = withProvided.get("lib/p.jar");
        assertEquals(5, provided.getSize());
        assertEquals(
                dir.resolve("provided/p.jar").toString(), provided.getResource().getFile());
        assertEquals(ProvidedFiles.visibilityOf(fs, fs.getFileStatus(providedPath)), provided.getVisibility());
        assertEquals(
                LocalResourceVisibility.APPLICATION,
                withProvided.get("lib/a.jar").getVisibility());
        java.io.IOException missingProvided = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class,
                () -> TaskManagerLaunchContexts.stagedFiles(
                        fs,
                        staging,
                        List.of("lib/q.jar"),
                        Map.of(),
                        Map.of(
                                "lib/q.jar",
                                dir.resolve("provided/q.jar").toUri().toString())));
        assertTrue(
                missingProvided.getMessage().contains("the provided lib dirs (yarn.provided.lib.dirs) lack lib/q.jar"),
                missingProvided.getMessage());
    }
}
