package dev.spindle.cluster.entrypoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.config.Configuration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file that carries a configuration to another process instead of its command line. */
class ConfigurationFileTest {
    @TempDir
    Path dir;

    @Test
    void aConfigurationSurvivesTheTripInAnOwnerOnlyFile() throws Exception {
        Configuration config = Configuration.fromMap(Map.of(
                "heartbeat.interval",
                "300 ms",
                "pipeline.name",
                "a b=c:d #e",
                "fs.s3a.secret.key",
                "x\\y\nz",
                "ünï",
                "cödé"));
        Path file = dir.resolve("c.conf");

        ConfigurationFile.write(config, file);
        ConfigurationFile.write(config, file); // replaces

        assertEquals(config.toMap(), ConfigurationFile.read(file).toMap());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1, Files.list(dir).count(), "no temporary file is left");
    }

    /** What scripts/standalone-cluster writes for the -D options it was given (its properties_escape). */
    @Test
    void readsTheScriptsEscapes() throws Exception {
        String written = String.join(
                "\n",
                "# Spindle configuration of the standalone cluster; owner-only, it may hold secrets",
                "a=b",
                "k\\:x=v\\=w\\#\\!\\\\z",
                "s=  lead ",
                "\\#h=1",
                "n=line1\\nline2",
                "u=\u00fcn\u00ef",
                "");

        Configuration read = ConfigurationFile.read(new ByteArrayInputStream(written.getBytes(StandardCharsets.UTF_8)));

        assertEquals(
                Map.of("a", "b", "k:x", "v=w#!\\z", "s", "lead", "#h", "1", "n", "line1\nline2", "u", "\u00fcn\u00ef"),
                read.toMap());
    }
}
