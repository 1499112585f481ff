package dev.spindle.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.yarn.spec.ClusterMode;
import dev.spindle.yarn.spec.ClusterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AM's setup failures end through the one path with their exit code, before anything starts. */
class ApplicationMasterMainTest {
    @TempDir
    Path dir;

    private int run() {
        return new ApplicationMasterMain(
                        new AmEnvironment(dir, "localhost", "container_test"),
                        new YarnConfiguration(),
                        (spec, rpc, restUrl) -> {
                            throw new AssertionError("a setup that fails never gets to the driver");
                        })
                .run();
    }

    @Test
    void withoutASpecTheSetupIsInvalid() {
        assertEquals(AmOutcome.EXIT_INVALID_SETUP, run());
    }

    @Test
    void withoutTheSecretInTheCredentialsTheSetupIsInvalidAndTheStagingDirectoryGoes() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        new ClusterSpec(
                        ClusterSpec.VERSION,
                        new ClusterMode.Session(),
                        Map.of(),
                        staging.toUri().toString(),
                        List.of("lib/spindle.jar"))
                .writeTo(dir.resolve(ClusterSpec.FILE_NAME));
        assertEquals(AmOutcome.EXIT_INVALID_SETUP, run());
        assertFalse(Files.exists(staging));
    }
}
