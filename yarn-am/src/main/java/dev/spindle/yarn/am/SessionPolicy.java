package dev.spindle.yarn.am;

import dev.spindle.cluster.JobManagerRunner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Session mode: jobs come and go over REST; the cluster runs until it is asked to stop. */
final class SessionPolicy implements ModePolicy {
    private final CompletableFuture<AmOutcome> stop = new CompletableFuture<>();

    @Override
    public AmOutcome run(JobManagerRunner jobManager) throws InterruptedException {
        try {
            return stop.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a stop request never fails", e);
        }
    }

    @Override
    public void requestStop(AmOutcome outcome) {
        stop.complete(outcome);
    }
}
