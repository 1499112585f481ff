package dev.spindle.yarn.am;

import dev.spindle.yarn.spec.DeploymentMode;

/** The policy of each deployment mode. */
final class ModePolicies {
    private ModePolicies() {
    }

    static ModePolicy forMode(DeploymentMode mode) {
        return switch (mode) {
            case SESSION -> new SessionPolicy();
            case PER_JOB, APPLICATION -> new NotYetAvailablePolicy(mode);
        };
    }
}
