package dev.spindle.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the job views that the web dashboard reads, in Flink's shapes: a job with
 * its vertices' status and record counts and its plan ({@code GET /jobs/{jobid}}), the plan alone
 * ({@code GET /jobs/{jobid}/plan}) and the job's configuration ({@code GET /jobs/{jobid}/config}).
 * A superset of {@link RestMessages.JobDetailsResponse}, so that clients reading that one read this.
 */
final class JobViewMessages {
    private JobViewMessages() {}

    /** {@code GET /jobs/{jobid}}: the fields of {@link RestMessages.JobDetailsResponse}, plus the plan. */
    record JobView(
            @JsonProperty("jid") String jid,
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("start-time") long startTime,
            @JsonProperty("end-time") long endTime,
            @JsonProperty("duration") long duration,
            @JsonProperty("all-tasks-running-time") long allTasksRunningTime,
            @JsonProperty("vertices") List<VertexView> vertices,
            @JsonProperty("restarts") int restarts,

            @JsonProperty("pending-resources") @JsonInclude(JsonInclude.Include.NON_NULL)
            String pendingResources,

            @JsonProperty("plan") @JsonInclude(JsonInclude.Include.NON_NULL)
            Plan plan) {}

    /**
     * A vertex of {@code /jobs/{jobid}}: {@code status} sums up its tasks' states; {@code start-time},
     * {@code end-time} and {@code duration} are -1 (not tracked per vertex); {@code metrics} holds the
     * records its ended tasks counted ({@code *-complete} once all have ended; bytes are not counted).
     */
    record VertexView(
            @JsonProperty("id") int id,
            @JsonProperty("name") String name,
            @JsonProperty("parallelism") int parallelism,
            @JsonProperty("maxParallelism") int maxParallelism,
            @JsonProperty("status") String status,
            @JsonProperty("start-time") long startTime,
            @JsonProperty("end-time") long endTime,
            @JsonProperty("duration") long duration,
            @JsonProperty("tasks") Map<String, Integer> tasks,
            @JsonProperty("metrics") Map<String, Object> metrics) {}

    /** {@code GET /jobs/{jobid}/plan} and the {@code plan} of {@code /jobs/{jobid}}. */
    record Plan(
            @JsonProperty("jid") String jid,
            @JsonProperty("name") String name,
            @JsonProperty("type") String type,
            @JsonProperty("nodes") List<PlanNode> nodes) {}

    /** A vertex of the plan; {@code description} names its chained operators, head first. */
    record PlanNode(
            @JsonProperty("id") int id,
            @JsonProperty("parallelism") int parallelism,
            @JsonProperty("operator") String operator,
            @JsonProperty("operator_strategy") String operatorStrategy,
            @JsonProperty("description") String description,

            @JsonProperty("inputs") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            List<PlanInput> inputs) {}

    /** An edge into a plan node: {@code id} is the producing node, {@code ship_strategy} how records go. */
    record PlanInput(
            @JsonProperty("num") int num,
            @JsonProperty("id") int id,
            @JsonProperty("ship_strategy") String shipStrategy,
            @JsonProperty("exchange") String exchange) {}

    /** {@code GET /jobs/{jobid}/plan}: Flink wraps the plan. */
    record PlanResponse(@JsonProperty("plan") Plan plan) {}

    /** {@code GET /jobs/{jobid}/config}. */
    record JobConfigView(
            @JsonProperty("jid") String jid,
            @JsonProperty("name") String name,
            @JsonProperty("execution-config") ExecutionConfigView executionConfig) {}

    /** The program's options are its {@code user-config}, secrets hidden. */
    record ExecutionConfigView(
            @JsonProperty("execution-mode") String executionMode,
            @JsonProperty("job-parallelism") int jobParallelism,
            @JsonProperty("object-reuse-mode") boolean objectReuseMode,
            @JsonProperty("user-config") Map<String, String> userConfig) {}
}
