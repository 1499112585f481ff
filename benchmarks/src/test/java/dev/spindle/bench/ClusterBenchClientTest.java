package dev.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterBenchClientTest {

    @Test
    void programArgumentsFollowTheDoubleDashUnchanged() {
        ClusterBenchClient.Options o = ClusterBenchClient.Options.parse(new String[] {
            "run",
            "--cluster-dir",
            "c",
            "--jar",
            "j.jar",
            "--class",
            "a.B",
            "--parallelism",
            "2",
            "--",
            "--input",
            "x",
            "--"
        });
        assertEquals(Path.of("c"), o.clusterDir());
        assertEquals(Path.of("j.jar"), o.jar());
        assertEquals("a.B", o.mainClass());
        assertEquals(2, o.parallelism());
        assertEquals(List.of("--input", "x", "--"), o.programArgs());
    }

    @Test
    void rejectsMissingAndMalformedOptions() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ClusterBenchClient.Options.parse(new String[] {"await", "--taskmanagers", "2"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> ClusterBenchClient.Options.parse(new String[] {"run", "--cluster-dir", "c"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> ClusterBenchClient.Options.parse(
                        new String[] {"await", "--cluster-dir", "c", "--taskmanagers", "0"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> ClusterBenchClient.Options.parse(new String[] {"await", "--cluster-dir"}));
    }
}
