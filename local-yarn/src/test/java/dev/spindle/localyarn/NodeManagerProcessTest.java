package dev.spindle.localyarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeManagerProcessTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryWhoseJarsAreAllOnTheClasspathIsWrittenAsAWildcardAtItsFirstJar() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.createFile(lib.resolve("a.jar"));
        Files.createFile(lib.resolve("b.jar"));
        Files.createFile(lib.resolve("notes.txt"));
        Path main = Files.createFile(dir.resolve("main.jar"));
        Path classes = Files.createDirectories(dir.resolve("classes"));

        String classpath = String.join(
                ":",
                main.toString(),
                lib.resolve("b.jar").toString(),
                classes.toString(),
                lib.resolve("a.jar").toString());

        // main.jar is the only jar of dir, so dir/* too: the same jars.
        assertEquals(
                String.join(":", dir.resolve("*").toString(), lib.resolve("*").toString(), classes.toString()),
                NodeManagerProcess.compactClasspath(classpath));
    }

    @Test
    void aDirectoryWithJarsThatAreNotOnTheClasspathKeepsItsJarsOneByOne() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.createFile(lib.resolve("a.jar"));
        Files.createFile(lib.resolve("other.jar"));
        String classpath = lib.resolve("a.jar") + ":" + dir.resolve("missing/c.jar");

        assertEquals(classpath, NodeManagerProcess.compactClasspath(classpath));
    }
}
