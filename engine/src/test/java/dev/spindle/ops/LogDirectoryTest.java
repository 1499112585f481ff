package dev.spindle.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files a process serves as its logs, and that no name leads out of its log directory. */
class LogDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void onlyFilesNamedLikeLogsAreListed() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        for (String name : List.of(
                "taskmanager.log",
                "taskmanager.log.1",
                "prelaunch.out",
                "prelaunch.err",
                "stdout",
                "stderr",
                "cluster.secret",
                "launch_container.sh",
                "directory.info",
                "taskmanager.conf")) {
            Files.writeString(logs.resolve(name), name);
        }
        Files.createDirectories(logs.resolve("sub.log"));

        List<String> names =
                LogDirectory.of(logs).list().stream().map(LogFileInfo::name).toList();

        assertEquals(
                List.of("prelaunch.err", "prelaunch.out", "stderr", "stdout", "taskmanager.log", "taskmanager.log.1"),
                names);
    }

    @Test
    void aLinkLeadingOutOfTheDirectoryIsNeitherListedNorRead() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path secret = Files.writeString(dir.resolve("secret.log"), "outside");
        Files.createSymbolicLink(logs.resolve("escape.log"), secret);
        Files.writeString(logs.resolve("real.log"), "inside");
        Files.createSymbolicLink(logs.resolve("alias.log"), logs.resolve("real.log"));
        LogDirectory directory = LogDirectory.of(logs);

        assertEquals(
                List.of("alias.log", "real.log"),
                directory.list().stream().map(LogFileInfo::name).toList());
        assertThrows(UnknownLogFileException.class, () -> directory.read("escape.log", 0, 100));
        assertArrayEquals("inside".getBytes(StandardCharsets.UTF_8), directory.read("alias.log", 0, 100));
    }

    @Test
    void namesThatAreNotPlainAreRefused() {
        LogDirectory directory = LogDirectory.of(dir);
        for (String name : List.of("..", ".", "", "a/b.log", "..\\x.log", "x\0.log")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> directory.read(name, 0, 1), name);
            assertTrue(e.getMessage()
                    .endsWith("is not a plain file name; give the name of a file that the logs route lists"));
        }
    }

    @Test
    void readsPastTheEndAreEmptyAndChunksAreBounded() throws Exception {
        Files.writeString(dir.resolve("a.log"), "0123456789");
        LogDirectory directory = LogDirectory.of(dir);

        assertArrayEquals("789".getBytes(StandardCharsets.UTF_8), directory.read("a.log", 7, 100));
        assertEquals(0, directory.read("a.log", 10, 100).length);
        assertEquals(0, directory.read("a.log", 99, 100).length);
        assertThrows(IllegalArgumentException.class, () -> directory.read("a.log", -1, 100));
    }

    @Test
    void theDirectoryIsThatOfTheFileTheLauncherNamed() throws Exception {
        String before = System.getProperty(LogDirectory.LOG_FILE_PROPERTY);
        try {
            System.clearProperty(LogDirectory.LOG_FILE_PROPERTY);
            assertNull(LogDirectory.fromSystemProperties().directory());
            assertEquals(List.of(), LogDirectory.fromSystemProperties().list());
            assertThrows(UnknownLogFileException.class, () -> LogDirectory.NONE.read("x.log", 0, 1));

            System.setProperty(
                    LogDirectory.LOG_FILE_PROPERTY,
                    dir.resolve("taskmanager.log").toString());
            assertEquals(
                    dir.toAbsolutePath(), LogDirectory.fromSystemProperties().directory());
            assertFalse(LogDirectory.fromSystemProperties().list().iterator().hasNext());
        } finally {
            if (before == null) {
                System.clearProperty(LogDirectory.LOG_FILE_PROPERTY);
            } else {
                System.setProperty(LogDirectory.LOG_FILE_PROPERTY, before);
            }
        }
    }
}
