package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading yarn.provided.lib.dirs on the real local file system: which jars, and the one-line refusals. */
class ProvidedLibDirsTest {
    @TempDir
    Path dir;

    private final Configuration hadoopConfig = new Configuration();

    private Path lib(String name, String... jars) throws Exception {
        Path lib = Files.createDirectories(dir.resolve(name));
        for (String jar : jars) {
            Files.write(lib.resolve(jar), name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return lib;
    }

    private static String uri(Path path) {
        return path.toUri().toString();
    }

    private static String qualified(Path path) {
        return new org.apache.hadoop.fs.Path(path.toUri()).toString();
    }

    @Test
    void noDirectoryGivenIsNoJar() throws Exception {
        assertEquals(List.of(), ProvidedLibDirs.jarsOf(hadoopConfig, List.of()));
    }

    @Test
    void theJarsOfAllDirectoriesByNameTheFirstDirectoryWinning() throws Exception {
        Path first = lib("first", "spindle-yarn-am-1.jar", "b.jar", "notes.txt");
        Path second = lib("second", "a.jar", "b.jar");

        List<ProvidedLibDirs.ProvidedJar> jars =
                ProvidedLibDirs.jarsOf(hadoopConfig, List.of(uri(first), " " + uri(second)));

        assertEquals(
                List.of("lib/b.jar", "lib/spindle-yarn-am-1.jar", "lib/a.jar"),
                jars.stream().map(ProvidedLibDirs.ProvidedJar::linkName).toList());
        assertEquals(
                qualified(first.resolve("b.jar")),
                jars.get(0).status().getPath().toString());
        assertEquals(
                qualified(second.resolve("a.jar")),
                jars.get(2).status().getPath().toString());
    }

    @Test
    void aMissingDirectoryIsRefusedNamingTheOption() {
        Path missing = dir.resolve("missing");
        ClusterDeploymentException e = assertThrows(
                ClusterDeploymentException.class, () -> ProvidedLibDirs.jarsOf(hadoopConfig, List.of(uri(missing))));
        assertEquals(
                "yarn.provided.lib.dirs: no directory " + qualified(missing)
                        + "; copy Spindle's lib/ there (e.g. 'hadoop fs -put $SPINDLE_HOME/lib " + qualified(missing)
                        + "') or correct the option",
                e.getMessage());
    }

    @Test
    void aFileIsNotADirectory() throws Exception {
        Path file = lib("lib", "spindle-yarn-am-1.jar").resolve("spindle-yarn-am-1.jar");
        ClusterDeploymentException e = assertThrows(
                ClusterDeploymentException.class, () -> ProvidedLibDirs.jarsOf(hadoopConfig, List.of(uri(file))));
        assertEquals("yarn.provided.lib.dirs: " + qualified(file) + " is not a directory", e.getMessage());
    }

    @Test
    void directoriesWithoutTheApplicationMastersJarAreRefused() throws Exception {
        Path other = lib("other", "a.jar");
        ClusterDeploymentException e = assertThrows(
                ClusterDeploymentException.class, () -> ProvidedLibDirs.jarsOf(hadoopConfig, List.of(uri(other))));
        assertEquals(
                "yarn.provided.lib.dirs: no spindle-yarn-am jar in " + uri(other)
                        + ": copy all of Spindle's lib/ there, of the client's version",
                e.getMessage());

        Path empty = lib("empty");
        e = assertThrows(
                ClusterDeploymentException.class, () -> ProvidedLibDirs.jarsOf(hadoopConfig, List.of(uri(empty))));
        assertEquals("yarn.provided.lib.dirs: no jar in " + uri(empty) + ": copy Spindle's lib/ there", e.getMessage());
    }
}
