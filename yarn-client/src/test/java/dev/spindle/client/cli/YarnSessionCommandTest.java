package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors and a missing YARN configuration, found before anything talks to YARN. */
class YarnSessionCommandTest {
    @TempDir
    Path dir;

    private String[] run(int expectedCode, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = YarnSessionCommand.run(
                args,
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedCode, code, e);
        assertEquals(1, e.lines().count(), e);
        return new String[] {out.toString(StandardCharsets.UTF_8), e};
    }

    @Test
    void stopNeedsTheSession() {
        assertTrue(run(2, "stop")[1].contains("'stop' needs the session: -id <appId> stop"));
    }

    @Test
    void unknownActionIsAUsageError() {
        assertTrue(run(2, "-id", "application_1_0001", "halt")[1].contains("unknown action 'halt'"));
    }

    @Test
    void badApplicationIdIsAUsageError() {
        assertTrue(run(2, "-id", "app-1", "stop")[1].contains("-id: not an application id: 'app-1'"));
    }

    @Test
    void badMemoryIsAUsageError() {
        assertTrue(run(2, "--yarn-conf-dir", dir.toString(), "-jm", "lots")[1].contains(
                "-jm: invalid memory size 'lots'"));
    }

    @Test
    void aDirectoryWithoutYarnSiteIsAClusterError() {
        String err = run(5, "--yarn-conf-dir", dir.toString(), "-d")[1];
        assertTrue(err.startsWith("spindle: error: no yarn-site.xml in "), err);
        assertTrue(err.contains("HADOOP_CONF_DIR"), err);
    }
}
