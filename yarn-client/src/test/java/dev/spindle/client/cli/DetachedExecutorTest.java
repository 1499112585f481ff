package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import dev.spindle.graph.JobGraph;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DetachedExecutorTest {

    @Test
    void theResultIsThereAtSubmissionWhileStatusAndCancelReachTheJob() throws Exception {
        TestingJobClient job = new TestingJobClient(JobStatus.RUNNING);
        DetachedExecutor executor = new DetachedExecutor((graph, loader) -> CompletableFuture.completedFuture(job));

        JobClient client = executor.execute(graph("detached job"), getClass().getClassLoader())
                .get();

        JobExecutionResult result = client.getJobExecutionResult().getNow(null);
        assertEquals(job.jobId, result.jobId());
        assertEquals("detached job", result.jobName());
        assertEquals(Duration.ZERO, result.netRuntime());
        assertTrue(result.counters().isEmpty());
        assertEquals(JobStatus.RUNNING, client.getJobStatus().get());
        client.cancel().get();
        assertEquals(1, job.cancellations.get());
        assertEquals(false, job.result.isDone(), "the real job goes on");
    }

    @Test
    void executeReturnsAtOnceInADetachedEnvironment() throws Exception {
        TestingJobClient job = new TestingJobClient(JobStatus.RUNNING);
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(
                new Configuration(),
                new DetachedExecutor((graph, loader) -> CompletableFuture.completedFuture(job)),
                getClass().getClassLoader());
        env.fromSequence(1, 10).addSink(v -> {});

        JobExecutionResult result = env.execute("never ends");

        assertEquals(job.jobId, result.jobId());
    }

    private static JobGraph graph(String name) {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(
                new Configuration(), (g, l) -> null, DetachedExecutorTest.class.getClassLoader());
        env.fromSequence(1, 10).addSink(v -> {});
        return env.getJobGraph(name);
    }
}
