package dev.spindle.yarn.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The visibility of a provided jar on the real local file system: PUBLIC only where YARN's rule for
 * the public cache holds (the file readable, every directory above it searchable by others).
 */
class ProvidedFilesTest {
    @TempDir
    Path dir;

    private FileSystem fs;

    @BeforeEach
    void setUp() throws Exception {
        fs = FileSystem.getLocal(new Configuration()).getRaw();
        // JUnit makes the temporary directory owner-only; the system's temporary directory above it is
        // searchable by everyone.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path jar(String directoryMode, String fileMode) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString(directoryMode));
        Path jar = lib.resolve("spindle-yarn-am.jar");
        Files.write(jar, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString(fileMode));
        return jar;
    }

    private LocalResource resourceOf(Path jar) throws Exception {
        return ProvidedFiles.localResource(fs, fs.getFileStatus(new org.apache.hadoop.fs.Path(jar.toUri())));
    }

    @Test
    void aJarEveryoneMayReadIsPublic() throws Exception {
        LocalResource resource = resourceOf(jar("rwxr-xr-x", "rw-r--r--"));

        assertEquals(LocalResourceVisibility.PUBLIC, resource.getVisibility());
        assertEquals(LocalResourceType.FILE, resource.getType());
        assertEquals(3, resource.getSize());
        assertEquals(
                dir.resolve("lib/spindle-yarn-am.jar").toString(),
                resource.getResource().getFile());
    }

    @Test
    void aJarOthersMayNotReadIsPerApplication() throws Exception {
        assertEquals(
                LocalResourceVisibility.APPLICATION,
                resourceOf(jar("rwxr-xr-x", "rw-r-----")).getVisibility());
    }

    @Test
    void aReadableJarInADirectoryOthersMayNotSearchIsPerApplication() throws Exception {
        assertEquals(
                LocalResourceVisibility.APPLICATION,
                resourceOf(jar("rwxr-x---", "rw-r--r--")).getVisibility());
    }
}
