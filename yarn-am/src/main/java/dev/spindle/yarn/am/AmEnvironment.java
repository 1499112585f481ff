package dev.spindle.yarn.am;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the NodeManager tells the ApplicationMaster's container through its environment, as typed
 * values: the container's working directory (where the localized files are), the NodeManager's
 * host (where the JobManager binds) and the container id.
 *
 * @param workingDirectory the container's working directory
 * @param nodeManagerHost {@code NM_HOST}
 * @param containerId {@code CONTAINER_ID}
 */
public record AmEnvironment(Path workingDirectory, String nodeManagerHost, String containerId) {
    public AmEnvironment {
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        if (nodeManagerHost == null || nodeManagerHost.isBlank()) {
            throw new IllegalArgumentException("NM_HOST is not set: not running in a YARN container?");
        }
        Objects.requireNonNull(containerId, "containerId");
    }

    /** From this process's environment and working directory. */
    public static AmEnvironment fromSystem() {
        Map<String, String> env = System.getenv();
        return new AmEnvironment(
                Path.of("").toAbsolutePath(), env.get("NM_HOST"), env.getOrDefault("CONTAINER_ID", "unknown"));
    }
}
