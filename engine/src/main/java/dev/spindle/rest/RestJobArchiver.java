package dev.spindle.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.core.JobId;
import dev.spindle.history.archive.ArchivedJson;
import dev.spindle.history.archive.JobArchives;
import dev.spindle.jobmanager.JobArchiver;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives a job's REST views ({@link ArchivedViews}) into {@code jobmanager.archive.fs.dir}: each
 * view is produced by routing a GET through the endpoint's own {@link Router} and handler, so the
 * archive holds what the live endpoint answers, as the same JSON text. The file is written on an
 * I/O thread of its own (a remote file system may be slow or down) and the whole takes at most
 * {@link #TIMEOUT}; a failure is one warning naming the directory and the cause, and the returned
 * future always completes normally.
 */
public final class RestJobArchiver implements JobArchiver {
    private static final Logger LOG = LoggerFactory.getLogger(RestJobArchiver.class);
    /** How long archiving one job may take before the job's cleanup (and the cluster's end) goes on without it. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Router router;
    private final String directory;
    private final Duration timeout;
    private final ExecutorService writer = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "spindle-job-archiver");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param router the REST endpoint's routes
     * @param directory the archive directory (a Hadoop file system URI or a local path)
     */
    public RestJobArchiver(Router router, String directory) {
        this(router, directory, TIMEOUT);
    }

    RestJobArchiver(Router router, String directory, Duration timeout) {
        this.router = Objects.requireNonNull(router, "router");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Void> archive(JobId jobId) {
        return views(jobId)
                .thenAcceptAsync(views -> write(jobId, views), writer)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, failure) -> {
                    if (failure != null) {
                        Throwable cause = RestErrors.unwrap(failure);
                        String why = cause instanceof java.util.concurrent.TimeoutException
                                ? "it took longer than " + timeout.toSeconds() + " s"
                                : String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause);
                        LOG.warn("Could not archive job {} to {}: {}", jobId, directory, why);
                    }
                    return null;
                });
    }

    private void write(JobId jobId, List<ArchivedJson> views) {
        try {
            org.apache.hadoop.fs.Path file = JobArchives.write(directory, jobId, views);
            LOG.info("Archived job {} ({} views) to {}", jobId, views.size(), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
        } catch (RuntimeException e) {
            // a file system that refuses the URI (no scheme implementation, bad path)
            throw new IllegalStateException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
        }
    }

    /**
     * The job's views as the endpoint answers them now: one per template of {@link ArchivedViews}
     * that has a GET route here and answers 200, those of {@code {vertexid}} once per vertex of the
     * job's details. Completes on the thread of the last handler's future.
     */
    public CompletableFuture<List<ArchivedJson>> views(JobId jobId) {
        String id = jobId.toString();
        List<CompletableFuture<ArchivedJson>> jobViews = new ArrayList<>();
        for (String template : ArchivedViews.TEMPLATES) {
            if (!template.contains("{vertexid}")) {
                jobViews.add(fetch(jobId, template.replace("{jobid}", id)));
            }
        }
        return allOf(jobViews).thenCompose(views -> {
            List<CompletableFuture<ArchivedJson>> vertexViews = new ArrayList<>();
            for (String vertexId : vertexIds(views, "/jobs/" + id)) {
                for (String template : ArchivedViews.TEMPLATES) {
                    if (template.contains("{vertexid}")) {
                        vertexViews.add(
                                fetch(jobId, template.replace("{jobid}", id).replace("{vertexid}", vertexId)));
                    }
                }
            }
            return allOf(vertexViews).thenApply(more -> {
                List<ArchivedJson> all = new ArrayList<>(views);
                all.addAll(more);
                return all;
            });
        });
    }

    private static CompletableFuture<List<ArchivedJson>> allOf(List<CompletableFuture<ArchivedJson>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream()
                        .map(CompletableFuture::join)
                        .filter(Objects::nonNull)
                        .toList());
    }

    private static List<String> vertexIds(List<ArchivedJson> views, String detailsPath) {
        List<String> ids = new ArrayList<>();
        for (ArchivedJson view : views) {
            if (view.path().equals(detailsPath)) {
                try {
                    for (JsonNode vertex : Json.SERVER.readTree(view.json()).path("vertices")) {
                        if (vertex.path("id").isTextual()) {
                            ids.add(vertex.path("id").asText());
                        }
                    }
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("the endpoint wrote JSON it cannot read", e);
                }
            }
        }
        return ids;
    }

    /** The view of {@code path}, or null when no GET route has it or it does not answer 200. */
    private CompletableFuture<ArchivedJson> fetch(JobId jobId, String path) {
        if (!(router.route(HttpMethod.GET, path) instanceof Router.Found found)) {
            return CompletableFuture.completedFuture(null);
        }
        RestRequest request = new RestRequest(
                HttpMethod.GET, path, found.pathParameters(), Map.of(), new DefaultHttpHeaders(), new byte[0]);
        CompletableFuture<RestResponse> response;
        try {
            response = found.route().handler().handle(request);
        } catch (RestException | RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.handle((r, failure) -> {
            if (failure != null
                    || !HttpResponseStatus.OK.equals(r.status())
                    || r.body() instanceof RawBody
                    || r.body() instanceof TextBody) {
                LOG.debug("Not archiving {} of job {}: {}", path, jobId, failure != null ? failure : r.status());
                return null;
            }
            try {
                String json = Json.SERVER.writeValueAsString(r.body());
                if (path.equals(ArchivedViews.JOBS_OVERVIEW)) {
                    json = onlyJob(json, jobId);
                } else if (path.endsWith("/config")) {
                    json = Json.SERVER.writeValueAsString(ArchivedViews.redact(path, Json.SERVER.readTree(json)));
                }
                return new ArchivedJson(path, json);
            } catch (JsonProcessingException e) {
                LOG.debug("Not archiving {} of job {}: {}", path, jobId, e.toString());
                return null;
            }
        });
    }

    /** {@code {"jobs":[...]}} reduced to the entry of {@code jobId}. */
    static String onlyJob(String overview, JobId jobId) throws JsonProcessingException {
        ObjectNode root = (ObjectNode) Json.SERVER.readTree(overview);
        ArrayNode only = Json.SERVER.createArrayNode();
        for (JsonNode job : root.path("jobs")) {
            if (jobId.toString().equals(job.path("jid").asText())) {
                only.add(job);
            }
        }
        root.set("jobs", only);
        return Json.SERVER.writeValueAsString(root);
    }
}
