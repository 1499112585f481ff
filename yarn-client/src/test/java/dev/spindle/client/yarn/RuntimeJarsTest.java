package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the client finds the cluster's jars, in the repository's layout and in the distribution's. */
class RuntimeJarsTest {
    @TempDir
    Path dir;

    @Test
    void inTheRepositoryTheJarsAreInLibNextToTheClientJar() throws Exception {
        Path target = Files.createDirectories(dir.resolve("yarn-client/target"));
        Path clientJar = Files.createFile(target.resolve("spindle-yarn-client-1.0.jar"));
        Files.createFile(Files.createDirectories(target.resolve("lib")).resolve("spindle-yarn-am-1.0.jar"));

        assertEquals(target.resolve("lib"), RuntimeJars.libDirNextTo(clientJar));
    }

    @Test
    void fromTheClassesDirectoryTheJarsAreInTargetLib() throws Exception {
        Path target = Files.createDirectories(dir.resolve("yarn-client/target"));
        Path classes = Files.createDirectories(target.resolve("classes"));

        assertEquals(target.resolve("lib"), RuntimeJars.libDirNextTo(classes));
    }

    @Test
    void inTheDistributionTheClientJarIsInLibWithTheClustersJars() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("spindle-1.0/lib"));
        Path clientJar = Files.createFile(lib.resolve("spindle-yarn-client-1.0.jar"));
        Files.createFile(lib.resolve("spindle-yarn-am-1.0.jar"));

        assertEquals(lib, RuntimeJars.libDirNextTo(clientJar));
    }

    @Test
    void aJarWithNeitherLibNorTheAmJarBesideItGetsTheSiblingLibWhoseAbsenceTheDeploymentReports() throws Exception {
        Path clientJar = Files.createFile(dir.resolve("spindle-yarn-client-1.0.jar"));

        assertEquals(dir.resolve("lib"), RuntimeJars.libDirNextTo(clientJar));
    }
}
