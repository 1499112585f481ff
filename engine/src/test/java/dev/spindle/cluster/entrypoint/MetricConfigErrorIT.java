package dev.spindle.cluster.entrypoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.security.ClusterSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JobManager and a TaskManager process whose configuration names a metric reporter that cannot
 * be made end at their start with the usage error's exit code and one line naming the option, no
 * stack trace.
 */
class MetricConfigErrorIT {
    private static final String MESSAGE =
            "metrics.reporter.r.type: unknown reporter type 'graphite'; known types: jmx, prometheus, slf4j";

    @TempDir
    Path dir;

    private Process launch(String mainClass, List<String> arguments) throws Exception {
        Path secret = dir.resolve("cluster.secret");
        if (!Files.exists(secret)) {
            ClusterSecret.generate().writeTo(secret);
        }
        Path config = dir.resolve("cluster.conf");
        ConfigurationFile.write(
                Configuration.fromMap(Map.of("rest.port", "0", "metrics.reporter.r.type", "graphite")), config);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(arguments);
        command.addAll(List.of("--config-file", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(mainClass + ".out").toFile());
        pb.environment().put(ClusterSecret.FILE_ENV, secret.toString());
        return pb.start();
    }

    private void assertUsageError(Process process, String mainClass, String prefix) throws Exception {
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process did not end");
        String output = Files.readString(dir.resolve(mainClass + ".out"), StandardCharsets.UTF_8);
        assertEquals(ExitCode.USAGE_ERROR.code(), process.exitValue(), output);
        assertTrue(output.lines().anyMatch(l -> l.equals(prefix + MESSAGE)), output);
        assertFalse(output.contains("\tat "), "a stack trace:\n" + output);
    }

    @Test
    void aJobManagerWithAnUnknownReporterTypeExitsWithAUsageError() throws Exception {
        Process p = launch(
                JobManagerMain.class.getName(),
                List.of("--cluster-dir", dir.resolve("c").toString()));
        assertUsageError(p, JobManagerMain.class.getName(), "JobManager: ");
        assertFalse(Files.exists(dir.resolve("c").resolve(JobManagerMain.INFO_FILE)));
    }

    @Test
    void aTaskManagerWithAnUnknownReporterTypeExitsWithAUsageError() throws Exception {
        Process p = launch(
                TaskManagerMain.class.getName(),
                List.of("--worker-id", "tm-x", "--slots", "1", "--jobmanager", "127.0.0.1:1"));
        assertUsageError(p, TaskManagerMain.class.getName(), "TaskManager: ");
    }
}
