package dev.spindle.rest.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spindle.core.JobId;
import dev.spindle.rest.CheckpointMessages;
import dev.spindle.rest.CheckpointMessages.CheckpointConfigInfo;
import dev.spindle.rest.CheckpointMessages.CheckpointingStatistics;
import dev.spindle.rest.Json;
import dev.spindle.rest.RestMessages.ClusterOverviewResponse;
import dev.spindle.rest.RestMessages.JarRunRequest;
import dev.spindle.rest.RestMessages.JarRunResponse;
import dev.spindle.rest.RestMessages.JarUploadResponse;
import dev.spindle.rest.RestMessages.JobDetailsResponse;
import dev.spindle.rest.RestMessages.JobExecutionResultResponse;
import dev.spindle.rest.RestMessages.JobOverview;
import dev.spindle.rest.RestMessages.JobSubmitResponse;
import dev.spindle.rest.RestMessages.JobsOverviewResponse;
import dev.spindle.rest.RestMessages.TaskManagerInfo;
import dev.spindle.rest.RestMessages.TaskManagersResponse;
import dev.spindle.rest.SavepointMessages.SavepointStatusResponse;
import dev.spindle.rest.SavepointMessages.SavepointTriggerRequest;
import dev.spindle.rest.SavepointMessages.StopWithSavepointRequest;
import dev.spindle.rest.SavepointMessages.TriggerResponse;
import dev.spindle.security.ClusterSecret;
import dev.spindle.security.RestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A client of a cluster's REST endpoint ({@code dev.spindle.rest.RestServer}). Every method
 * blocks until the answer is there; an error status becomes a {@link RestClientException}.
 * Thread-safe. Given a cluster secret it sends the bearer token that mutating requests need;
 * the token is never logged nor put in a URL.
 */
public final class RestClient {
    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param base the endpoint, e.g. {@code http://127.0.0.1:8081}
     * @param secret the cluster secret, or null for a client that only reads
     * @param timeout the longest wait for one answer
     */
    public RestClient(URI base, ClusterSecret secret, Duration timeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.authorization = secret == null ? null : "Bearer " + RestTokens.restToken(secret);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    public ClusterOverviewResponse overview() throws IOException {
        return send(get("/overview"), ClusterOverviewResponse.class);
    }

    /** The jobs with names, states and times ({@code /jobs/overview}). */
    public List<JobOverview> listJobs() throws IOException {
        return send(get("/jobs/overview"), JobsOverviewResponse.class).jobs();
    }

    public JobDetailsResponse jobDetails(JobId jobId) throws IOException {
        return send(get("/jobs/" + jobId), JobDetailsResponse.class);
    }

    public List<TaskManagerInfo> taskManagers() throws IOException {
        return send(get("/taskmanagers"), TaskManagersResponse.class).taskManagers();
    }

    /** Asks the cluster to cancel the job; returns when the request is accepted. */
    public void cancel(JobId jobId) throws IOException {
        send(
                request("/jobs/" + jobId + "?mode=cancel")
                        .method("PATCH", BodyPublishers.noBody())
                        .build(),
                JsonNode.class);
    }

    /** Tells the cluster that the job's attached client is still there (renews its lease). */
    public void clientHeartbeat(JobId jobId) throws IOException {
        send(
                request("/jobs/" + jobId + "/client-heartbeat")
                        .method("PATCH", BodyPublishers.noBody())
                        .build(),
                JsonNode.class);
    }

    /** Asks the cluster to shut down ({@code DELETE /cluster}); returns when the request is accepted. */
    public void shutDownCluster() throws IOException {
        send(request("/cluster").DELETE().build(), JsonNode.class);
    }

    /**
     * The job's checkpoints ({@code GET /jobs/{id}/checkpoints}); a job that takes none is a
     * {@link RestClientException} with status 404 and the message {@link CheckpointMessages#NOT_ENABLED}.
     */
    public CheckpointingStatistics checkpoints(JobId jobId) throws IOException {
        return send(get("/jobs/" + jobId + "/checkpoints"), CheckpointingStatistics.class);
    }

    /** How the job takes checkpoints ({@code GET /jobs/{id}/checkpoints/config}); 404 as {@link #checkpoints}. */
    public CheckpointConfigInfo checkpointConfig(JobId jobId) throws IOException {
        return send(get("/jobs/" + jobId + "/checkpoints/config"), CheckpointConfigInfo.class);
    }

    /**
     * Starts a savepoint of the job ({@code POST /jobs/{id}/savepoints}); the job goes on.
     *
     * @param targetDirectory where the savepoint goes, or null for the cluster's {@code state.savepoints.dir}
     * @return the trigger id to ask {@link #savepointStatus} with
     */
    public String triggerSavepoint(JobId jobId, String targetDirectory) throws IOException {
        return postJson(
                        "/jobs/" + jobId + "/savepoints",
                        new SavepointTriggerRequest(targetDirectory, null, null, null),
                        TriggerResponse.class)
                .requestId();
    }

    /**
     * Stops the job with a savepoint ({@code POST /jobs/{id}/stop}); with {@code drain} its sources
     * end first, so that every operator emits its final results.
     *
     * @return the trigger id to ask {@link #savepointStatus} with
     */
    public String stopWithSavepoint(JobId jobId, String targetDirectory, boolean drain) throws IOException {
        return postJson(
                        "/jobs/" + jobId + "/stop",
                        new StopWithSavepointRequest(targetDirectory, drain ? Boolean.TRUE : null, null, null),
                        TriggerResponse.class)
                .requestId();
    }

    /** How a savepoint operation stands ({@code GET /jobs/{id}/savepoints/{triggerId}}). */
    public SavepointStatusResponse savepointStatus(JobId jobId, String triggerId) throws IOException {
        return send(get("/jobs/" + jobId + "/savepoints/" + triggerId), SavepointStatusResponse.class);
    }

    public JobExecutionResultResponse executionResult(JobId jobId) throws IOException {
        return send(get("/jobs/" + jobId + "/execution-result"), JobExecutionResultResponse.class);
    }

    /** Submits a job graph (bytes of {@code JobGraphCodec}) with the jars of its user code. */
    public JobId submitJobGraph(byte[] jobGraph, List<Path> jars) throws IOException {
        MultipartBody body = new MultipartBody();
        body.addPart("jobgraph", "jobgraph.bin", BodyPublishers.ofByteArray(jobGraph));
        for (Path jar : jars) {
            body.addPart("jar", jar.getFileName().toString(), BodyPublishers.ofFile(jar));
        }
        JobSubmitResponse r = send(body.post(request("/jobs")), JobSubmitResponse.class);
        String url = r.jobUrl();
        return JobId.fromHex(url.substring(url.lastIndexOf('/') + 1));
    }

    /** Uploads a jar; returns its id for {@link #runJar}. */
    public String uploadJar(Path jar) throws IOException {
        MultipartBody body = new MultipartBody();
        body.addPart("jarfile", jar.getFileName().toString(), BodyPublishers.ofFile(jar));
        return send(body.post(request("/jars/upload")), JarUploadResponse.class).filename();
    }

    /**
     * Runs the main() of an uploaded jar on the cluster.
     *
     * @param entryClass the class, or null for the jar's Main-Class
     * @param parallelism the default parallelism, or null for the cluster's
     * @return the first job the program submitted
     */
    public JobId runJar(String jarId, String entryClass, List<String> args, Integer parallelism) throws IOException {
        byte[] json = Json.CLIENT.writeValueAsBytes(new JarRunRequest(entryClass, args, parallelism));
        HttpRequest request = request("/jars/" + jarId + "/run")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(json))
                .build();
        return JobId.fromHex(send(request, JarRunResponse.class).jobId());
    }

    private <T> T postJson(String path, Object body, Class<T> type) throws IOException {
        HttpRequest request = request(path)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(Json.CLIENT.writeValueAsBytes(body)))
                .build();
        return send(request, type);
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private <T> T send(HttpRequest request, Class<T> type) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted while waiting for " + request.method() + " "
                            + request.uri().getPath(),
                    e);
        }
        if (response.statusCode() >= 400) {
            throw new RestClientException(response.statusCode(), errorText(response.body()));
        }
        return Json.CLIENT.readValue(response.body(), type);
    }

    private static String errorText(byte[] body) {
        try {
            List<String> errors = Json.CLIENT
                    .readValue(body, new TypeReference<ErrorBody>() {})
                    .errors();
            if (errors != null && !errors.isEmpty()) {
                return String.join("; ", errors);
            }
        } catch (IOException e) {
            // not our JSON (a proxy, or the aggregator's 413): show the body as it is
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private record ErrorBody(List<String> errors) {}

    /** A multipart/form-data body that streams files instead of loading them. */
    private static final class MultipartBody {
        private final String boundary = "spindle-" + UUID.randomUUID();
        private final List<BodyPublisher> parts = new ArrayList<>();

        void addPart(String name, String filename, BodyPublisher content) {
            String header = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                    + "\"; filename=\""
                    + filename.replace("\"", "_").replace("\r", "_").replace("\n", "_")
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
            parts.add(BodyPublishers.ofString(header, StandardCharsets.UTF_8));
            parts.add(content);
            parts.add(BodyPublishers.ofString("\r\n", StandardCharsets.UTF_8));
        }

        HttpRequest post(HttpRequest.Builder builder) {
            parts.add(BodyPublishers.ofString("--" + boundary + "--\r\n", StandardCharsets.UTF_8));
            return builder.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(BodyPublishers.concat(parts.toArray(new BodyPublisher[0])))
                    .build();
        }
    }
}
