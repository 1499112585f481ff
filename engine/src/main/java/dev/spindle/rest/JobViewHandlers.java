package dev.spindle.rest;

import dev.spindle.core.JobId;
import dev.spindle.jobmanager.DispatcherGateway;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.jobmanager.JobPlan;
import dev.spindle.rest.JobViewMessages.ExecutionConfigView;
import dev.spindle.rest.JobViewMessages.JobConfigView;
import dev.spindle.rest.JobViewMessages.JobView;
import dev.spindle.rest.JobViewMessages.Plan;
import dev.spindle.rest.JobViewMessages.PlanInput;
import dev.spindle.rest.JobViewMessages.PlanNode;
import dev.spindle.rest.JobViewMessages.PlanResponse;
import dev.spindle.rest.JobViewMessages.VertexView;
import dev.spindle.runtime.task.ExecutionState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * {@code GET /jobs/{jobid}} with its vertices' status, records and plan, {@code GET
 * /jobs/{jobid}/plan} and {@code GET /jobs/{jobid}/config}: the job views of the web dashboard, from
 * {@link DispatcherGateway#requestJob} and {@link DispatcherGateway#requestJobPlan}. A gateway that
 * shows no plans still answers {@code /jobs/{jobid}}, without one. None blocks; the answers
 * complete on the gateway's thread.
 */
final class JobViewHandlers {
    private final DispatcherGateway gateway;

    JobViewHandlers(DispatcherGateway gateway) {
        this.gateway = gateway;
    }

    CompletableFuture<RestResponse> job(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        CompletableFuture<JobPlan> plan = gateway.requestJobPlan(jobId)
                .exceptionally(e -> RestErrors.unwrap(e) instanceof UnsupportedOperationException ? null : rethrow(e));
        return gateway.requestJob(jobId)
                .thenCombine(plan, (details, p) -> RestResponse.ok(toView(details, p, System.currentTimeMillis())));
    }

    CompletableFuture<RestResponse> plan(RestRequest request) throws RestException {
        return withPlan(request, p -> new PlanResponse(toPlan(p)));
    }

    CompletableFuture<RestResponse> config(RestRequest request) throws RestException {
        return withPlan(
                request,
                p -> new JobConfigView(
                        p.jobId().toString(),
                        p.name(),
                        new ExecutionConfigView(
                                p.type(),
                                p.nodes().stream()
                                        .mapToInt(JobPlan.Node::parallelism)
                                        .max()
                                        .orElse(1),
                                false,
                                Redaction.redact(p.configuration()))));
    }

    private CompletableFuture<RestResponse> withPlan(RestRequest request, Function<JobPlan, Object> view)
            throws RestException {
        JobId jobId = request.jobIdParameter();
        return gateway.requestJobPlan(jobId)
                .exceptionally(e -> RestErrors.unwrap(e) instanceof UnsupportedOperationException
                        ? rethrow(RestException.notFound("this JobManager shows no plan of job " + jobId))
                        : rethrow(e))
                .thenApply(p -> RestResponse.ok(view.apply(p)));
    }

    private static <T> T rethrow(Throwable e) {
        throw e instanceof RuntimeException r ? r : new CompletionException(e);
    }

    static JobView toView(JobDetails j, JobPlan plan, long now) {
        Map<Integer, JobPlan.Node> nodes = new LinkedHashMap<>();
        if (plan != null) {
            plan.nodes().forEach(n -> nodes.put(n.id(), n));
        }
        List<VertexView> vertices =
                j.vertices().stream().map(v -> toView(v, nodes.get(v.id()))).toList();
        long end = j.endTimeMillis() >= 0 ? j.endTimeMillis() : now;
        return new JobView(
                j.jobId().toString(),
                j.name(),
                j.status().name(),
                j.startTimeMillis(),
                j.endTimeMillis(),
                Math.max(0, end - j.startTimeMillis()),
                j.allTasksRunningMillis(),
                vertices,
                j.restarts(),
                j.pendingResources(),
                plan == null ? null : toPlan(plan));
    }

    private static VertexView toView(JobDetails.VertexDetails v, JobPlan.Node node) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        boolean complete = node != null && node.recordsComplete();
        metrics.put("read-bytes", 0L);
        metrics.put("read-bytes-complete", false);
        metrics.put("write-bytes", 0L);
        metrics.put("write-bytes-complete", false);
        metrics.put("read-records", node == null ? 0L : node.recordsIn());
        metrics.put("read-records-complete", complete);
        metrics.put("write-records", node == null ? 0L : node.recordsOut());
        metrics.put("write-records-complete", complete);
        return new VertexView(
                v.id(),
                v.name(),
                v.parallelism(),
                v.maxParallelism(),
                status(v.tasksPerState()).name(),
                -1,
                -1,
                -1,
                new TreeMap<>(v.tasksPerState()),
                metrics);
    }

    /**
     * A vertex's state from its tasks' states, as Flink sums them up: one state if all tasks share
     * it; else a failure or cancellation under way wins, then running, then the earliest state.
     */
    static ExecutionState status(Map<String, Integer> tasksPerState) {
        if (tasksPerState.size() == 1) {
            return ExecutionState.valueOf(tasksPerState.keySet().iterator().next());
        }
        for (ExecutionState s : List.of(
                ExecutionState.FAILED, ExecutionState.CANCELING, ExecutionState.CANCELED, ExecutionState.RUNNING)) {
            if (tasksPerState.containsKey(s.name())) {
                return s;
            }
        }
        for (ExecutionState s : ExecutionState.values()) {
            if (tasksPerState.containsKey(s.name())) {
                return s;
            }
        }
        return ExecutionState.CREATED;
    }

    static Plan toPlan(JobPlan p) {
        String exchange = "BATCH".equals(p.type()) ? "blocking" : "pipelined_bounded";
        return new Plan(
                p.jobId().toString(),
                p.name(),
                p.type(),
                p.nodes().stream()
                        .map(n -> new PlanNode(
                                n.id(),
                                n.parallelism(),
                                n.name(),
                                "",
                                String.join(" -> ", n.operators()),
                                n.inputs().stream()
                                        .map(i -> new PlanInput(i.num(), i.source(), i.shipStrategy(), exchange))
                                        .toList()))
                        .toList());
    }
}
