package dev.spindle.yarn.am;

import dev.spindle.cluster.entrypoint.ExitCode;
import dev.spindle.resource.ApplicationStatus;
import java.util.Objects;

/**
 * How an ApplicationMaster ends: the final status it unregisters with, the diagnostics YARN shows,
 * and its process's exit code (from the one table of every process, {@link ExitCode}).
 */
public record AmOutcome(ApplicationStatus status, String diagnostics, int exitCode) {
    /** Stopped as asked, or its work done. */
    public static final int EXIT_SUCCEEDED = ExitCode.SUCCESS.code();
    /** The cluster's work failed, or the mode is not available. */
    public static final int EXIT_FAILED = ExitCode.JOB_FAILED.code();
    /** The container's setup is wrong: no valid cluster spec, no secret in the credentials. */
    public static final int EXIT_INVALID_SETUP = ExitCode.USAGE_ERROR.code();
    /** The JobManager could not start, or the AM could not register. */
    public static final int EXIT_START_FAILED = ExitCode.START_FAILED.code();
    /**
     * The AM lost its YARN ResourceManager for good (the AMRM client gave up, or the ResourceManager
     * no longer knows the attempt): it cannot unregister, so YARN decides the attempt's fate.
     */
    public static final int EXIT_RESOURCE_MANAGER_LOST = ExitCode.RESOURCE_MANAGER_LOST.code();
    /** Lost the leadership under high availability: exits without unregistering. */
    public static final int EXIT_LEADERSHIP_LOST = ExitCode.LEADERSHIP_LOST.code();
    /** Killed (SIGTERM from the NodeManager, as for {@code yarn application -kill}). */
    public static final int EXIT_KILLED = ExitCode.KILLED.code();

    public AmOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(diagnostics, "diagnostics");
    }

    public static AmOutcome succeeded(String diagnostics) {
        return new AmOutcome(ApplicationStatus.SUCCEEDED, diagnostics, EXIT_SUCCEEDED);
    }

    public static AmOutcome failed(String diagnostics, int exitCode) {
        return new AmOutcome(ApplicationStatus.FAILED, diagnostics, exitCode);
    }

    public static AmOutcome resourceManagerLost(String diagnostics) {
        return new AmOutcome(ApplicationStatus.FAILED, diagnostics, EXIT_RESOURCE_MANAGER_LOST);
    }

    /** Whether the AM can still tell the ResourceManager how it ends (and should: a deposed leader must not). */
    public boolean canUnregister() {
        return exitCode != EXIT_RESOURCE_MANAGER_LOST && exitCode != EXIT_LEADERSHIP_LOST;
    }

    /**
     * High availability: this attempt lost its leadership (or could not take it up). It does not
     * unregister, so that YARN starts the next attempt, which resumes the jobs.
     */
    public static AmOutcome leadershipLost(String diagnostics) {
        return new AmOutcome(ApplicationStatus.FAILED, diagnostics, EXIT_LEADERSHIP_LOST);
    }

    public static AmOutcome killed(String diagnostics) {
        return new AmOutcome(ApplicationStatus.KILLED, diagnostics, EXIT_KILLED);
    }
}
