package dev.spindle.jobmanager.restart;

/** {@code none}: a failure fails the job. */
final class NoRestartStrategy implements RestartStrategy {

    @Override
    public boolean notifyFailure(long timestampMillis) {
        return true;
    }

    @Override
    public boolean canRestart(long nowMillis) {
        return false;
    }

    @Override
    public long backoffMillis(long nowMillis) {
        return 0;
    }

    @Override
    public String description() {
        return "none (a failure fails the job)";
    }

    @Override
    public String toString() {
        return description();
    }
}
