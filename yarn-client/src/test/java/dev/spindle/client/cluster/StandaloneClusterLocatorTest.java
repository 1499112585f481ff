package dev.spindle.client.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.cluster.entrypoint.JobManagerMain;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which cluster the client finds, from options, environment and installation, without any process. */
class StandaloneClusterLocatorTest {
    private static final String SECRET_ENV = "SPINDLE_CLUSTER_SECRET_FILE";

    @TempDir
    Path dir;

    // ---- the cluster directory ----

    @Test
    void theOptionWinsOverTheEnvironmentAndTheDefault() {
        StandaloneClusterLocator locator = locator(Map.of("SPINDLE_CLUSTER_DIR", "/from/env"), "/home");

        assertEquals(Path.of("/from/option"), locator.clusterDirectory(Path.of("/from/option")));
    }

    @Test
    void theEnvironmentWinsOverTheDefault() {
        StandaloneClusterLocator locator = locator(Map.of("SPINDLE_CLUSTER_DIR", "/from/env"), "/home");

        assertEquals(Path.of("/from/env"), locator.clusterDirectory(null));
    }

    @Test
    void theDefaultIsBuildStandaloneOfTheInstallation() {
        assertEquals(
                Path.of("/home/build/standalone"), locator(Map.of(), "/home").clusterDirectory(null));
        assertEquals(
                Path.of("/home/build/standalone"),
                locator(Map.of("SPINDLE_CLUSTER_DIR", " "), "/home").clusterDirectory(null),
                "a blank variable is unset");
    }

    @Test
    void relativeDirectoriesAreTakenFromTheWorkingDirectory() {
        Path cwd = Path.of("").toAbsolutePath();

        assertEquals(cwd.resolve("a/b"), locator(Map.of(), null).clusterDirectory(Path.of("a/./b")));
        assertEquals(
                cwd.resolve("c"),
                locator(Map.of("SPINDLE_CLUSTER_DIR", "c"), null).clusterDirectory(null));
    }

    @Test
    void withoutOptionEnvironmentOrInstallationThereIsNoDirectory() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> locator(Map.of(), null).clusterDirectory(null));

        assertTrue(e.getMessage().startsWith("no cluster given: pass --cluster-dir <dir> or -m <url>"), e.getMessage());
    }

    // ---- reading the directory ----

    @Test
    void aRunningClusterIsReadFromTheJobManagersPropertiesFile() throws Exception {
        writeInfo(Map.of("rest.address", "http://127.0.0.1:8123", "secret.file", "/x/cluster.secret", "pid", "42"));

        ClusterEndpoint endpoint = locator(Map.of(), null).inDirectory(dir);

        assertEquals(URI.create("http://127.0.0.1:8123"), endpoint.restAddress());
        assertEquals(Path.of("/x/cluster.secret"), endpoint.secretFile());
        assertEquals("the standalone cluster in " + dir, endpoint.description());
        assertTrue(
                endpoint.unreachableHint()
                        .contains(dir.resolve("jobmanager.log").toString()),
                endpoint.unreachableHint());
    }

    @Test
    void noPropertiesFileMeansNoClusterAndNamesTheStartCommand() {
        ClusterAccessException e = assertThrows(
                ClusterAccessException.class, () -> locator(Map.of(), null).inDirectory(dir));

        assertEquals(
                "no standalone cluster running in " + dir + "; start one with SPINDLE_CLUSTER_DIR=" + dir
                        + " scripts/standalone-cluster start",
                e.getMessage());
    }

    @Test
    void theStartCommandOfTheDefaultDirectoryNeedsNoVariable() throws IOException {
        Path home = dir.resolve("home");
        Path standard = home.resolve("build/standalone");
        Files.createDirectories(standard);

        ClusterAccessException e = assertThrows(
                ClusterAccessException.class,
                () -> locator(Map.of(), home.toString()).inDirectory(standard));

        assertEquals(
                "no standalone cluster running in " + standard + "; start one with scripts/standalone-cluster start",
                e.getMessage());
    }

    @Test
    void aPropertiesFileWithoutAValidAddressIsAClusterError() throws Exception {
        for (String address : new String[] {null, "not a url", "ftp://h:1"}) {
            writeInfo(address == null ? Map.of("pid", "1") : Map.of("rest.address", address));

            ClusterAccessException e = assertThrows(
                    ClusterAccessException.class, () -> locator(Map.of(), null).inDirectory(dir));

            assertTrue(
                    e.getMessage()
                            .contains("has no valid rest.address; restart the cluster with "
                                    + "scripts/standalone-cluster stop and start"),
                    e.getMessage());
        }
    }

    // ---- an explicit address ----

    @Test
    void anAddressMayOmitTheScheme() {
        ClusterEndpoint endpoint = locator(Map.of(), null).atAddress("localhost:8081", null);

        assertEquals(URI.create("http://localhost:8081"), endpoint.restAddress());
        assertNull(endpoint.secretFile());
        assertEquals("the JobManager at http://localhost:8081", endpoint.description());
    }

    @Test
    void theSecretOfAnAddressComesFromTheOptionElseTheEnvironment() {
        StandaloneClusterLocator locator = locator(Map.of(SECRET_ENV, "/env/secret"), null);

        assertEquals(
                Path.of("/opt/secret"),
                locator.atAddress("http://h:1/", Path.of("/opt/secret")).secretFile());
        assertEquals(
                Path.of("/env/secret"), locator.atAddress("http://h:1", null).secretFile());
    }

    @Test
    void malformedAddressesAreRejected() {
        for (String address : new String[] {
            "h", "http://h", "ftp://h:1", "http://h:1/path", "http://u@h:1", "http://h:1?x=1", "http://h:x"
        }) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> locator(Map.of(), null).atAddress(address, null),
                    address);

            assertEquals("the JobManager address must be http://host:port, got '" + address + "'", e.getMessage());
        }
    }

    private static StandaloneClusterLocator locator(Map<String, String> env, String home) {
        return new StandaloneClusterLocator(env, home);
    }

    /** As the JobManager writes it: java Properties, which escape the colons of URLs. */
    private void writeInfo(Map<String, String> values) throws IOException {
        Properties p = new Properties();
        p.putAll(values);
        try (Writer out = Files.newBufferedWriter(dir.resolve(JobManagerMain.INFO_FILE))) {
            p.store(out, null);
        }
    }
}
