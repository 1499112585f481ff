package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.cli.Scripts.ScriptRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/history-server start|status|stop} as a user runs it, and its refusals. */
class HistoryServerScriptIT {
    private static final Pattern RUNNING =
            Pattern.compile("History server running at (http://127\\.0\\.0\\.1:\\d+/) \\(pid (\\d+)\\)");

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Map.of("SPINDLE_HISTORY_DIR", dir.resolve("server").toString(), "SPINDLE_CONF_DIR", dir.toString());
    }

    @AfterEach
    void stop() throws Exception {
        Scripts.run(dir, env(), "history-server", "stop");
    }

    @Test
    void startsServesReportsAndStops() throws Exception {
        Path archives = Files.createDirectories(dir.resolve("archives"));
        ScriptRun start = Scripts.run(
                dir,
                env(),
                "history-server",
                "start",
                "-D",
                "historyserver.archive.fs.dir=" + archives.toUri(),
                "-D",
                "historyserver.web.port=0");
        assertEquals(0, start.exitCode(), start::toString);
        Matcher running = RUNNING.matcher(start.out().strip());
        assertTrue(running.matches(), start::toString);
        String url = running.group(1);
        HttpResponse<String> overview = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url + "jobs/overview"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, overview.statusCode());
        assertEquals("{\"jobs\":[]}", overview.body());

        ScriptRun again = Scripts.run(dir, env(), "history-server", "start");
        assertEquals(1, again.exitCode(), again::toString);
        assertEquals(
                List.of("history-server: a history server of " + dir.resolve("server") + " runs already (pid "
                        + running.group(2) + ", " + url + "); stop it first with 'scripts/history-server stop'"),
                again.errLines());

        ScriptRun status = Scripts.run(dir, env(), "history-server", "status");
        assertEquals(0, status.exitCode(), status::toString);
        assertEquals(
                "The history server runs (pid " + running.group(2) + ") at " + url,
                status.out().strip());

        ScriptRun stop = Scripts.run(dir, env(), "history-server", "stop");
        assertEquals(0, stop.exitCode(), stop::toString);
        assertEquals(
                "Stopped the history server (pid " + running.group(2) + ")",
                stop.out().strip());
        ScriptRun stopped = Scripts.run(dir, env(), "history-server", "status");
        assertEquals(3, stopped.exitCode(), stopped::toString);
    }

    @Test
    void refusesAMissingDirectoryAndATakenPortWithOneLine() throws Exception {
        Path missing = dir.resolve("no-such-dir");
        ScriptRun noDir =
                Scripts.run(dir, env(), "history-server", "start", "-D", "historyserver.archive.fs.dir=" + missing);
        assertEquals(1, noDir.exitCode(), noDir::toString);
        assertEquals(
                "history-server: the archive directory " + missing + " (historyserver.archive.fs.dir) does not "
                        + "exist; create it, or correct the option",
                lastLine(noDir));

        Path archives = Files.createDirectories(dir.resolve("archives"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ScriptRun portTaken = Scripts.run(
                    dir,
                    env(),
                    "history-server",
                    "start",
                    "-D",
                    "historyserver.archive.fs.dir=" + archives,
                    "-D",
                    "historyserver.web.port=" + taken.getLocalPort());
            assertEquals(1, portTaken.exitCode(), portTaken::toString);
            String line = lastLine(portTaken);
            assertTrue(line.startsWith("history-server: cannot listen on 127.0.0.1:" + taken.getLocalPort()), line);
            assertTrue(
                    line.endsWith("the port is taken or the address is not this machine's: set "
                            + "historyserver.web.port or historyserver.web.address"),
                    line);
        }
    }

    /** The script's one message (after the progress line of the start). */
    private static String lastLine(ScriptRun run) {
        List<String> lines = run.errLines().stream().filter(l -> !l.isBlank()).toList();
        return lines.get(lines.size() - 1);
    }
}
