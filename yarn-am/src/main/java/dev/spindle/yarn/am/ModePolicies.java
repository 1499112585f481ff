package dev.spindle.yarn.am;

import dev.spindle.config.Configuration;
import dev.spindle.yarn.spec.ClusterSpec;
import java.nio.file.Path;
import java.time.Duration;

/** The policy of each deployment mode. */
final class ModePolicies {
    private ModePolicies() {
    }

    /**
     * The policy for {@code spec}'s mode; per-job reads its job graph and user jars, application
     * its program jar, from {@code workingDirectory} (the files the spec names by link name), and
     * per-job holds its attached client to the spec's lease, if any.
     */
    static ModePolicy forSpec(ClusterSpec spec, Path workingDirectory) {
        return switch (spec.mode()) {
            case SESSION -> new SessionPolicy();
            case PER_JOB -> new PerJobPolicy(workingDirectory.resolve(spec.jobGraph()),
                    spec.userJars().stream().map(workingDirectory::resolve).toList(),
                    spec.clientHeartbeatTimeoutMillis() == null ? null
                            : Duration.ofMillis(spec.clientHeartbeatTimeoutMillis()));
            case APPLICATION -> new ApplicationPolicy(workingDirectory.resolve(spec.program().jar()),
                    spec.program().entryClass(), spec.program().args(), Configuration.fromMap(spec.configuration()),
                    ModePolicies.class.getClassLoader());
        };
    }
}
