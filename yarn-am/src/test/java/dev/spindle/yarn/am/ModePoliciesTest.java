package dev.spindle.yarn.am;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.resource.ApplicationStatus;
import dev.spindle.yarn.spec.ClusterMode;
import dev.spindle.yarn.spec.ClusterSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What each mode's policy does once the JobManager runs; no JobManager is needed to tell. */
class ModePoliciesTest {
    private static final Path WORKING_DIRECTORY = Path.of("/container");
    private static final ClusterMode PER_JOB = new ClusterMode.PerJob("job-graph.bin", List.of("user/job.jar"), null);
    private static final ClusterMode APPLICATION = new ClusterMode.Application("user/app.jar", null, List.of());

    static ClusterSpec spec(ClusterMode mode) {
        return new ClusterSpec(
                ClusterSpec.VERSION, mode, Map.of(), "file:/tmp/.spindle/app", List.of("lib/engine.jar"));
    }

    @Test
    void sessionRunsUntilAskedToStopAndTheFirstRequestWins() throws Exception {
        ModePolicy session = ModePolicies.forSpec(spec(new ClusterMode.Session()), WORKING_DIRECTORY);
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
        assertEquals(ApplicationStatus.SUCCEEDED, o.status());
        assertEquals(AmOutcome.EXIT_SUCCEEDED, o.exitCode());
    }

    @Test
    void perJobRunsTheShippedGraphWithTheLocalizedJars() {
        assertInstanceOf(PerJobPolicy.class, ModePolicies.forSpec(spec(PER_JOB), WORKING_DIRECTORY));
    }

    @Test
    void applicationRunsTheLocalizedProgramJar() {
        assertInstanceOf(ApplicationPolicy.class, ModePolicies.forSpec(spec(APPLICATION), WORKING_DIRECTORY));
    }

    @Test
    void applicationWhoseJarIsMissingFailsWithTheReason() throws Exception {
        ApplicationPolicy policy = (ApplicationPolicy) ModePolicies.forSpec(spec(APPLICATION), WORKING_DIRECTORY);
        AmOutcome o = policy.runApplication(null);
        assertEquals(ApplicationStatus.FAILED, o.status());
        assertTrue(o.diagnostics().contains("cannot load the program"), o.diagnostics());
        assertTrue(o.diagnostics().contains("user/app.jar"), o.diagnostics());
        assertEquals(AmOutcome.EXIT_FAILED, o.exitCode());
    }
}
