package dev.spindle.rest;

import dev.spindle.config.Configuration;
import dev.spindle.config.RestOptions;
import dev.spindle.jobmanager.DispatcherGateway;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.Executor;

/**
 * The operational routes, all GET (read-only, like the other GETs no token): metrics ({@link
 * MetricHandlers}), backpressure, logs ({@link LogHandlers}) and thread dumps ({@link
 * ThreadDumpHandlers}), with Flink's paths and shapes.
 */
final class OperationsRoutes {
    private OperationsRoutes() {}

    /** Adds the routes, answered from {@code sources}; {@code io} runs the JobManager's own file reads. */
    static Router.Builder addTo(
            Router.Builder routes,
            DispatcherGateway gateway,
            OperationsSources sources,
            Executor io,
            Configuration config) {
        MetricFetcher fetcher = new MetricFetcher(
                gateway,
                sources.taskManagers(),
                sources.jobManagerMetrics(),
                config.get(RestOptions.METRICS_FETCHER_UPDATE_INTERVAL),
                config.get(RestOptions.REQUEST_TIMEOUT).dividedBy(2));
        MetricHandlers metrics = new MetricHandlers(gateway, fetcher);
        LogHandlers logs = new LogHandlers(
                sources.taskManagers(),
                sources.jobManagerLogs(),
                io,
                config.get(RestOptions.LOG_FILE_MAX_SIZE).bytes());
        ThreadDumpHandlers threads = new ThreadDumpHandlers(sources.taskManagers(), io);
        String vertex = "/jobs/{jobid}/vertices/{vertexid}";
        return routes.add(HttpMethod.GET, "/jobmanager/metrics", metrics::jobManager)
                .add(HttpMethod.GET, "/taskmanagers/metrics", metrics::taskManagers)
                .add(HttpMethod.GET, "/taskmanagers/{taskmanagerid}/metrics", metrics::taskManager)
                .add(HttpMethod.GET, "/jobs/{jobid}/metrics", metrics::job)
                .add(HttpMethod.GET, vertex + "/metrics", metrics::vertex)
                .add(HttpMethod.GET, vertex + "/subtasks/metrics", metrics::subtasks)
                .add(HttpMethod.GET, vertex + "/subtasks/{subtaskindex}/metrics", metrics::subtask)
                .add(HttpMethod.GET, vertex + "/backpressure", metrics::backpressure)
                .add(HttpMethod.GET, "/jobmanager/logs", logs::jobManagerLogs)
                .add(HttpMethod.GET, "/jobmanager/logs/{filename}", logs::jobManagerLog)
                .add(HttpMethod.GET, "/taskmanagers/{taskmanagerid}/logs", logs::taskManagerLogs)
                .add(HttpMethod.GET, "/taskmanagers/{taskmanagerid}/logs/{filename}", logs::taskManagerLog)
                .add(HttpMethod.GET, "/jobmanager/thread-dump", threads::jobManager)
                .add(HttpMethod.GET, "/taskmanagers/{taskmanagerid}/thread-dump", threads::taskManager);
    }
}
