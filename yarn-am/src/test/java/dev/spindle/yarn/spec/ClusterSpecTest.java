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

/** The client–AM contract file: round trip, and refusal of anything the AM could not run. */
class ClusterSpecTest {
    @TempDir
    Path dir;

    private static ClusterSpec perJob() {
        return new ClusterSpec(ClusterSpec.VERSION, DeploymentMode.PER_JOB, Map.of("parallelism.default", "2"),
                "hdfs://nn:8020/user/a/.spindle/application_1_0001", List.of("lib/spindle-engine.jar"),
                List.of("usrlib/job.jar"), "jobgraph.bin", null, 30_000L);
    }

    @Test
    void roundTripsThroughItsFile() throws IOException {
        ClusterSpec spec = perJob();
        Path file = dir.resolve(ClusterSpec.FILE_NAME);
        spec.writeTo(file);
        assertEquals(spec, ClusterSpec.readFrom(file));

        ClusterSpec app = new ClusterSpec(ClusterSpec.VERSION, DeploymentMode.APPLICATION, Map.of(), "file:/tmp/s",
                List.of("lib/a.jar"), List.of("usrlib/job.jar"), null,
                new ClusterSpec.Program("usrlib/job.jar", null, List.of("--input", "x")), null,
                Map.of("lib/a.jar", "file:/tmp/.spindle/cache/00ff/a.jar"));
        app.writeTo(file);
        assertEquals(app, ClusterSpec.readFrom(file));
        assertEquals("file:/tmp/.spindle/cache/00ff/a.jar", ClusterSpec.readFrom(file).sharedFiles().get("lib/a.jar"));
        assertEquals(Map.of(), perJob().sharedFiles(), "a spec without shared files has none");
    }

    @Test
    void refusesSpecsOfAnotherVersionOrThatDoNotFitTheirMode() throws IOException {
        Path file = dir.resolve(ClusterSpec.FILE_NAME);
        perJob().writeTo(file);
        Files.writeString(file, Files.readString(file).replace("\"version\" : 1", "\"version\" : 2"));
        IOException e = assertThrows(IOException.class, () -> ClusterSpec.readFrom(file));
        assertTrue(e.getMessage().contains("cluster spec version 2 is not 1"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new ClusterSpec(ClusterSpec.VERSION, DeploymentMode.SESSION,
                Map.of(), "file:/s", List.of("lib/a.jar"), List.of(), "jobgraph.bin", null, null));
        assertThrows(IllegalArgumentException.class, () -> new ClusterSpec(ClusterSpec.VERSION, DeploymentMode.SESSION,
                Map.of(), "file:/s", List.of("lib/a.jar"), List.of(), null, null, 1000L));
        assertThrows(IllegalArgumentException.class, () -> new ClusterSpec(ClusterSpec.VERSION, DeploymentMode.PER_JOB,
                Map.of(), "file:/s", List.of(), List.of(), "g", null, null));

        Files.writeString(file, "{\"version\": 1, \"mode\": \"SESSION\", \"surprise\": true}");
        assertTrue(assertThrows(IOException.class, () -> ClusterSpec.readFrom(file)).getMessage()
                .startsWith("invalid cluster spec"));
        assertTrue(assertThrows(IOException.class, () -> ClusterSpec.readFrom(dir.resolve("none"))).getMessage()
                .startsWith("no cluster spec at"));
    }
}
