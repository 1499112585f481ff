package dev.spindle.yarn.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client–AM contract file: round trip, its JSON form, and refusal of anything the AM could not run. */
class ClusterSpecTest {
    @TempDir
    Path dir;

    private static ClusterSpec perJob() {
        return new ClusterSpec(
                ClusterSpec.VERSION,
                new ClusterMode.PerJob("jobgraph.bin", List.of("usrlib/job.jar"), 30_000L),
                Map.of("parallelism.default", "2"),
                "hdfs://nn:8020/user/a/.spindle/application_1_0001",
                List.of("lib/spindle-engine.jar"));
    }

    @Test
    void roundTripsThroughItsFileInEachMode() throws IOException {
        Path file = dir.resolve(ClusterSpec.FILE_NAME);
        ClusterSpec spec = perJob();
        spec.writeTo(file);
        assertEquals(spec, ClusterSpec.readFrom(file));

        ClusterSpec app = new ClusterSpec(
                ClusterSpec.VERSION,
                new ClusterMode.Application("usrlib/job.jar", null, List.of("--input", "x")),
                Map.of(),
                "file:/tmp/s",
                List.of("lib/a.jar"),
                Map.of("lib/a.jar", "file:/tmp/.spindle/cache/00ff/a.jar"));
        app.writeTo(file);
        assertEquals(app, ClusterSpec.readFrom(file));
        assertEquals(
                "file:/tmp/.spindle/cache/00ff/a.jar",
                ClusterSpec.readFrom(file).sharedFiles().get("lib/a.jar"));
        assertEquals(Map.of(), perJob().sharedFiles(), "a spec without shared files has none");

        ClusterSpec session = new ClusterSpec(
                ClusterSpec.VERSION, new ClusterMode.Session(), Map.of(), "file:/tmp/s", List.of("lib/a.jar"));
        session.writeTo(file);
        assertEquals(session, ClusterSpec.readFrom(file));
    }

    /** yarn.provided.lib.dirs: the files travel by path; a spec without them writes no key, as before. */
    @Test
    void providedFilesRoundTripAndAreLeftOutWhenThereAreNone() throws IOException {
        Path file = dir.resolve(ClusterSpec.FILE_NAME);
        ClusterSpec spec = new ClusterSpec(
                ClusterSpec.VERSION,
                new ClusterMode.Session(),
                Map.of(),
                "file:/tmp/s",
                List.of("lib/spindle-yarn-am.jar"),
                Map.of(),
                Map.of("lib/spindle-yarn-am.jar", "hdfs://nn:8020/spindle/lib/spindle-yarn-am.jar"));
        spec.writeTo(file);
        assertEquals(spec, ClusterSpec.readFrom(file));
        assertEquals(
                "hdfs://nn:8020/spindle/lib/spindle-yarn-am.jar",
                ClusterSpec.readFrom(file).providedFiles().get("lib/spindle-yarn-am.jar"));

        perJob().writeTo(file);
        assertTrue(!Files.readString(file).contains("providedFiles"), Files.readString(file));
        assertEquals(Map.of(), ClusterSpec.readFrom(file).providedFiles());
    }

    /** The AM reads what the client wrote: the mode is an object tagged by its name, with its own fields only. */
    @Test
    void readsTheJsonTheClientWrites() throws IOException {
        Path file = dir.resolve(ClusterSpec.FILE_NAME);
        Files.writeString(file, """
                {"version": 2,
                 "mode": {"type": "per-job", "jobGraph": "job-graph.bin", "userJars": ["usrlib/job.jar"],
                          "clientHeartbeatTimeoutMillis": 30000},
                 "configuration": {"parallelism.default": "2"},
                 "stagingDirectory": "file:/tmp/s",
                 "classpath": ["lib/spindle-engine.jar"],
                 "sharedFiles": {}}
                """);
        assertEquals(
                new ClusterSpec(
                        ClusterSpec.VERSION,
                        new ClusterMode.PerJob("job-graph.bin", List.of("usrlib/job.jar"), 30_000L),
                        Map.of("parallelism.default", "2"),
                        "file:/tmp/s",
                        List.of("lib/spindle-engine.jar")),
                ClusterSpec.readFrom(file));

        Files.writeString(
                file,
                "{\"version\": 2, \"mode\": {\"type\": \"session\"}, \"configuration\": {},"
                        + " \"stagingDirectory\": \"file:/tmp/s\", \"classpath\": [\"lib/a.jar\"]}");
        assertEquals("session", ClusterSpec.readFrom(file).mode().name());
        Files.writeString(
                file,
                "{\"version\": 2, \"mode\": {\"type\": \"application\", \"jar\": \"usrlib/a.jar\","
                        + " \"args\": []}, \"configuration\": {}, \"stagingDirectory\": \"file:/tmp/s\", \"classpath\": [\"lib/a.jar\"]}");
        assertEquals(
                new ClusterMode.Application("usrlib/a.jar", null, List.of()),
                ClusterSpec.readFrom(file).mode());

        String written = new String(perJob().toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(
                written.contains("\"mode\":{\"type\":\"per-job\",\"jobGraph\":\"jobgraph.bin\","
                        + "\"userJars\":[\"usrlib/job.jar\"],\"clientHeartbeatTimeoutMillis\":30000}"),
                written);
    }

    @Test
    void refusesSpecsOfAnotherVersionOrThatDoNotFitTheirMode() throws IOException {
        Path file = dir.resolve(ClusterSpec.FILE_NAME);
        perJob().writeTo(file);
        Files.writeString(file, Files.readString(file).replace("\"version\" : 2", "\"version\" : 3"));
        IOException e = assertThrows(IOException.class, () -> ClusterSpec.readFrom(file));
        assertTrue(e.getMessage().contains("cluster spec version 3 is not 2"), e.getMessage());

        // A spec of the first version (the mode's fields side by side) is refused for its version.
        Files.writeString(
                file,
                "{\"version\": 1, \"mode\": \"PER_JOB\", \"configuration\": {},"
                        + " \"stagingDirectory\": \"file:/s\", \"classpath\": [\"lib/a.jar\"], \"userJars\": [],"
                        + " \"jobGraph\": \"g\", \"program\": null, \"clientHeartbeatTimeoutMillis\": null}");
        e = assertThrows(IOException.class, () -> ClusterSpec.readFrom(file));
        assertTrue(
                e.getMessage()
                        .contains("cluster spec version 1 is not 2: the client and the ApplicationMaster"
                                + " are of different Spindle versions"),
                e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new ClusterMode.PerJob(null, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new ClusterMode.PerJob("g", List.of(), 0L));
        assertThrows(IllegalArgumentException.class, () -> new ClusterMode.Application(" ", null, List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ClusterSpec(
                        ClusterSpec.VERSION,
                        new ClusterMode.PerJob("g", List.of(), null),
                        Map.of(),
                        "file:/s",
                        List.of()));

        // A field of another mode, or a mode that does not exist, is not a valid spec.
        Files.writeString(
                file,
                "{\"version\": 2, \"mode\": {\"type\": \"session\", \"jobGraph\": \"g\"},"
                        + " \"configuration\": {}, \"stagingDirectory\": \"file:/s\", \"classpath\": [\"lib/a.jar\"]}");
        assertTrue(assertThrows(IOException.class, () -> ClusterSpec.readFrom(file))
                .getMessage()
                .startsWith("invalid cluster spec"));
        Files.writeString(
                file,
                "{\"version\": 2, \"mode\": {\"type\": \"java.lang.Object\"},"
                        + " \"configuration\": {}, \"stagingDirectory\": \"file:/s\", \"classpath\": [\"lib/a.jar\"]}");
        assertTrue(assertThrows(IOException.class, () -> ClusterSpec.readFrom(file))
                .getMessage()
                .startsWith("invalid cluster spec"));
        Files.writeString(
                file,
                "{\"version\": 2, \"mode\": {\"type\": \"per-job\", \"userJars\": []},"
                        + " \"configuration\": {}, \"stagingDirectory\": \"file:/s\", \"classpath\": [\"lib/a.jar\"]}");
        IOException missing = assertThrows(IOException.class, () -> ClusterSpec.readFrom(file));
        assertTrue(missing.getMessage().contains("mode.jobGraph is missing"), missing.getMessage());

        Files.writeString(file, "{\"version\": 2, \"mode\": {\"type\": \"session\"}, \"surprise\": true}");
        assertTrue(assertThrows(IOException.class, () -> ClusterSpec.readFrom(file))
                .getMessage()
                .startsWith("invalid cluster spec"));
        assertTrue(assertThrows(IOException.class, () -> ClusterSpec.readFrom(dir.resolve("none")))
                .getMessage()
                .startsWith("no cluster spec at"));
    }
}
