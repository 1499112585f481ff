package dev.spindle.yarn.am;

import dev.spindle.cluster.JobManagerRunner;
import dev.spindle.yarn.spec.DeploymentMode;

/**
 * The mode that is not built yet (application): the application ends FAILED at once,
 * saying so, rather than pretending to run a job it cannot.
 */
final class NotYetAvailablePolicy implements ModePolicy {
    private final DeploymentMode mode;

    NotYetAvailablePolicy(DeploymentMode mode) {
        this.mode = mode;
    }

    @Override
    public AmOutcome run(JobManagerRunner jobManager) {
        return AmOutcome.failed(mode + " mode is not available yet in this version of Spindle's ApplicationMaster; "
                + "use a session (scripts/yarn-session)", AmOutcome.EXIT_FAILED);
    }

    @Override
    public void requestStop(AmOutcome outcome) {
        // run() does not wait for anything.
    }
}
