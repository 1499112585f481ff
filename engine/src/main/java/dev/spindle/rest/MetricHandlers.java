package dev.spindle.rest;

import dev.spindle.core.JobId;
import dev.spindle.jobmanager.DispatcherGateway;
import dev.spindle.jobmanager.JobDetails;
import dev.spindle.rest.OperationsMessages.AggregatedMetric;
import dev.spindle.rest.OperationsMessages.Backpressure;
import dev.spindle.rest.OperationsMessages.Metric;
import dev.spindle.rest.OperationsMessages.SubtaskBackpressure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The metric routes and backpressure, in Flink's shapes, answered from the {@link MetricFetcher}'s
 * store. A metric list is {@code [{"id": name}]} without {@code ?get=}, {@code [{"id", "value"}]}
 * for the metrics {@code get} names (unknown names left out); the aggregating routes answer {@code
 * [{"id", "min", "max", "avg", "sum"}]} over the numeric values, restricted by {@code ?agg=}. An
 * unknown job, vertex, subtask or TaskManager is a 404 naming it. None blocks.
 */
final class MetricHandlers {
    private static final List<String> AGGREGATIONS = List.of("min", "max", "avg", "sum");

    private final DispatcherGateway gateway;
    private final MetricFetcher fetcher;

    MetricHandlers(DispatcherGateway gateway, MetricFetcher fetcher) {
        this.gateway = gateway;
        this.fetcher = fetcher;
    }

    CompletableFuture<RestResponse> jobManager(RestRequest request) throws RestException {
        String get = request.queryParameter("get");
        return fetcher.store().thenApply(s -> RestResponse.ok(list(s.jobManager(), get)));
    }

    CompletableFuture<RestResponse> taskManager(RestRequest request) throws RestException {
        String id = request.pathParameter("taskmanagerid");
        String get = request.queryParameter("get");
        return gateway.listTaskManagers()
                .thenCompose(tms -> {
                    if (tms.stream().noneMatch(tm -> tm.id().equals(id))) {
                        throw new CompletionException(unknownTaskManager(id));
                    }
                    return fetcher.store();
                })
                .thenApply(s -> RestResponse.ok(list(s.taskManager(id), get)));
    }

    static RestException unknownTaskManager(String id) {
        return RestException.notFound(
                "no TaskManager " + id + " is registered; GET /taskmanagers lists those that are");
    }

    CompletableFuture<RestResponse> taskManagers(RestRequest request) throws RestException {
        String get = request.queryParameter("get");
        List<String> agg = aggregations(request);
        return fetcher.store()
                .thenApply(s -> RestResponse.ok(aggregate(s.taskManagers().values(), get, agg)));
    }

    CompletableFuture<RestResponse> job(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        String get = request.queryParameter("get");
        return gateway.requestJob(jobId)
                .thenCompose(j -> fetcher.store())
                .thenApply(s -> RestResponse.ok(list(s.job(jobId.toString()), get)));
    }

    CompletableFuture<RestResponse> vertex(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        String vertexId = request.pathParameter("vertexid");
        String get = request.queryParameter("get");
        return vertexOf(jobId, vertexId)
                .thenCompose(v -> fetcher.store())
                .thenApply(s -> RestResponse.ok(list(s.vertex(jobId.toString(), vertexId), get)));
    }

    CompletableFuture<RestResponse> subtasks(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        String vertexId = request.pathParameter("vertexid");
        String get = request.queryParameter("get");
        List<String> agg = aggregations(request);
        return vertexOf(jobId, vertexId)
                .thenCompose(v -> fetcher.store())
                .thenApply(s -> RestResponse.ok(
                        aggregate(s.subtasks(jobId.toString(), vertexId).values(), get, agg)));
    }

    CompletableFuture<RestResponse> subtask(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        String vertexId = request.pathParameter("vertexid");
        String index = request.pathParameter("subtaskindex");
        String get = request.queryParameter("get");
        return vertexOf(jobId, vertexId).thenCompose(v -> {
            int subtask = subtaskIndex(index, v);
            return fetcher.store()
                    .thenApply(s -> RestResponse.ok(list(s.subtask(jobId.toString(), vertexId, subtask), get)));
        });
    }

    /**
     * {@code GET /jobs/{jobid}/vertices/{vertexid}/backpressure}: each subtask's share of time
     * back-pressured ({@code backPressuredTimeMsPerSecond / 1000}), idle and busy, and the vertex's
     * level, that of its most back-pressured subtask (ok ≤ 0.10 &lt; low ≤ 0.5 &lt; high). Without any
     * subtask's metrics (not running, or metrics not yet fetched) the status is Flink's {@code deprecated}.
     */
    CompletableFuture<RestResponse> backpressure(RestRequest request) throws RestException {
        JobId jobId = request.jobIdParameter();
        String vertexId = request.pathParameter("vertexid");
        return vertexOf(jobId, vertexId)
                .thenCompose(v -> fetcher.store())
                .thenApply(s -> RestResponse.ok(backpressure(s.subtasks(jobId.toString(), vertexId), s.fetchedAt())));
    }

    static Backpressure backpressure(Map<Integer, Map<String, String>> subtasks, long fetchedAt) {
        List<SubtaskBackpressure> infos = new ArrayList<>();
        double worst = 0;
        for (Map.Entry<Integer, Map<String, String>> e : subtasks.entrySet()) {
            Map<String, String> m = e.getValue();
            Double pressured = number(m.get("backPressuredTimeMsPerSecond"));
            if (pressured == null) {
                continue;
            }
            double ratio = pressured / 1000;
            worst = Math.max(worst, ratio);
            infos.add(new SubtaskBackpressure(
                    e.getKey(),
                    level(ratio),
                    ratio,
                    orZero(number(m.get("idleTimeMsPerSecond"))) / 1000,
                    orZero(number(m.get("busyTimeMsPerSecond"))) / 1000));
        }
        return new Backpressure(infos.isEmpty() ? "deprecated" : "ok", level(worst), fetchedAt, infos);
    }

    static String level(double ratio) {
        return ratio <= 0.10 ? "ok" : ratio <= 0.5 ? "low" : "high";
    }

    private CompletableFuture<JobDetails.VertexDetails> vertexOf(JobId jobId, String vertexId) {
        return gateway.requestJob(jobId)
                .thenApply(j -> j.vertices().stream()
                        .filter(v -> String.valueOf(v.id()).equals(vertexId))
                        .findFirst()
                        .orElseThrow(() -> new CompletionException(RestException.notFound("job " + jobId
                                + " has no vertex " + vertexId + "; GET /jobs/" + jobId + " lists its vertices"))));
    }

    private static int subtaskIndex(String index, JobDetails.VertexDetails v) {
        int subtask;
        try {
            subtask = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            throw new CompletionException(
                    RestException.badRequest("subtask index must be a whole number, was '" + index + "'"));
        }
        if (subtask < 0 || subtask >= v.parallelism()) {
            throw new CompletionException(RestException.notFound("vertex " + v.id() + " has no subtask " + subtask
                    + "; its subtasks are 0 to " + (v.parallelism() - 1)));
        }
        return subtask;
    }

    /** Ids only without {@code get}; else the named metrics that exist, in the order named. */
    static List<Metric> list(Map<String, String> metrics, String get) {
        if (get == null) {
            return metrics.keySet().stream().map(id -> new Metric(id, null)).toList();
        }
        List<Metric> values = new ArrayList<>();
        for (String id : names(get)) {
            String value = metrics.get(id);
            if (value != null) {
                values.add(new Metric(id, value));
            }
        }
        return values;
    }

    /** Ids only (of any of the components) without {@code get}; else the aggregates of the named numeric metrics. */
    static List<AggregatedMetric> aggregate(Collection<Map<String, String>> components, String get, List<String> agg) {
        if (get == null) {
            Set<String> ids = new TreeSet<>();
            components.forEach(m -> ids.addAll(m.keySet()));
            return ids.stream()
                    .map(id -> new AggregatedMetric(id, null, null, null, null))
                    .toList();
        }
        List<AggregatedMetric> result = new ArrayList<>();
        for (String id : names(get)) {
            List<Double> values = new ArrayList<>();
            for (Map<String, String> m : components) {
                Double v = number(m.get(id));
                if (v != null) {
                    values.add(v);
                }
            }
            if (!values.isEmpty()) {
                double sum = values.stream().mapToDouble(Double::doubleValue).sum();
                result.add(new AggregatedMetric(
                        id,
                        agg.contains("min")
                                ? values.stream()
                                        .mapToDouble(Double::doubleValue)
                                        .min()
                                        .getAsDouble()
                                : null,
                        agg.contains("max")
                                ? values.stream()
                                        .mapToDouble(Double::doubleValue)
                                        .max()
                                        .getAsDouble()
                                : null,
                        agg.contains("avg") ? sum / values.size() : null,
                        agg.contains("sum") ? sum : null));
            }
        }
        return result;
    }

    private static List<String> aggregations(RestRequest request) throws RestException {
        String agg = request.queryParameter("agg");
        if (agg == null) {
            return AGGREGATIONS;
        }
        List<String> asked = names(agg);
        for (String a : asked) {
            if (!AGGREGATIONS.contains(a)) {
                throw RestException.badRequest("unknown aggregation '" + a + "'; use min, max, avg or sum");
            }
        }
        return asked;
    }

    private static List<String> names(String commaSeparated) {
        List<String> names = new ArrayList<>();
        for (String n : commaSeparated.split(",")) {
            if (!n.isBlank()) {
                names.add(n.strip());
            }
        }
        return names;
    }

    private static Double number(String value) {
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }
}
