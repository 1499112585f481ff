package dev.spindle.yarn.am;

import dev.spindle.config.Configuration;
import dev.spindle.yarn.spec.ClusterMode;
import dev.spindle.yarn.spec.ClusterSpec;
import java.nio.file.Path;
import java.time.Duration;

/** The policy of each deployment mode. */
final class ModePolicies {
    private ModePolicies() {}

    /**
     * The policy for {@code spec}'s mode; per-job reads its job graph and user jars, application
     * its program jar, from {@code workingDirectory} (the files the spec names by link name), and
     * per-job holds its attached client to the spec's lease, if any.
     */
    static ModePolicy forSpec(ClusterSpec spec, Path workingDirectory) {
        // ClusterMode is sealed: these three are all there are (a pattern switch once the build is on Java 21).
        ClusterMode mode = spec.mode();
        if (mode instanceof ClusterMode.PerJob perJob) {
            return new PerJobPolicy(
                    workingDirectory.resolve(perJob.jobGraph()),
                    perJob.userJars().stream().map(workingDirectory::resolve).toList(),
                    perJob.clientHeartbeatTimeoutMillis() == null
                            ? null
                            : Duration.ofMillis(perJob.clientHeartbeatTimeoutMillis()));
        }
        if (mode instanceof ClusterMode.Application app) {
            return new ApplicationPolicy(
                    workingDirectory.resolve(app.jar()),
                    app.entryClass(),
                    app.args(),
                    Configuration.fromMap(spec.configuration()),
                    ModePolicies.class.getClassLoader());
        }
        if (mode instanceof ClusterMode.Session) {
            return new SessionPolicy();
        }
        throw new AssertionError("a mode the sealed ClusterMode does not permit: " + mode);
    }
}
