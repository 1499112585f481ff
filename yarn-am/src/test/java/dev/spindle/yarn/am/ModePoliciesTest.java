package dev.spindle.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.yarn.spec.DeploymentMode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.Test;

/** What each mode's policy does once the JobManager runs; no JobManager is needed to tell. */
class ModePoliciesTest {

    @Test
    void sessionRunsUntilAskedToStopAndTheFirstRequestWins() throws Exception {
        ModePolicy session = ModePolicies.forMode(DeploymentMode.SESSION);
        CompletableFuture<AmOutcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return session.run(null);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertTrue(!outcome.isDone(), "a session ends only when asked");
        session.requestStop(AmOutcome.succeeded("stopped by a client"));
        session.requestStop(AmOutcome.killed("later"));
        AmOutcome o = outcome.get(10, TimeUnit.SECONDS);
        assertEquals(FinalApplicationStatus.SUCCEEDED, o.status());
        assertEquals(AmOutcome.EXIT_SUCCEEDED, o.exitCode());
    }

    @Test
    void perJobAndApplicationFailClearlyAsNotYetAvailable() throws Exception {
        for (DeploymentMode mode : new DeploymentMode[] {DeploymentMode.PER_JOB, DeploymentMode.APPLICATION}) {
            AmOutcome o = ModePolicies.forMode(mode).run(null);
            assertEquals(FinalApplicationStatus.FAILED, o.status());
            assertTrue(o.diagnostics().contains(mode + " mode is not available yet"), o.diagnostics());
            assertEquals(AmOutcome.EXIT_FAILED, o.exitCode());
        }
    }
}
