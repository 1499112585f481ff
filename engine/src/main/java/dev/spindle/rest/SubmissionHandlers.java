package dev.spindle.rest;

import dev.spindle.core.JobId;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import dev.spindle.jobmanager.DispatcherGateway;
import dev.spindle.jobmanager.JarRunner;
import dev.spindle.rest.Multipart.Part;
import dev.spindle.rest.RestMessages.JarRunRequest;
import dev.spindle.rest.RestMessages.JarRunResponse;
import dev.spindle.rest.RestMessages.JarUploadResponse;
import dev.spindle.rest.RestMessages.JobSubmitResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The handlers that bring jobs into the cluster: jar upload, jar run, and job graph submission.
 * Parsing bodies and writing jars happens on the I/O executor, never on the event loop. Only
 * reached by authenticated requests ({@link AuthenticationHandler}).
 */
final class SubmissionHandlers {
    private final DispatcherGateway gateway;
    private final JarRunner jarRunner;
    private final JarStore jars;
    private final Executor io;

    SubmissionHandlers(DispatcherGateway gateway, JarRunner jarRunner, JarStore jars, Executor io) {
        this.gateway = gateway;
        this.jarRunner = jarRunner;
        this.jars = jars;
        this.io = io;
    }

    /** {@code POST /jars/upload}: multipart with the file in field {@code jarfile}. */
    CompletableFuture<RestResponse> upload(RestRequest request) {
        return onIo(() -> {
            Part part = Multipart.single(Multipart.parse(request), "jarfile");
            Path jar = jars.store(part.filename(), part.content());
            return RestResponse.ok(new JarUploadResponse(jar.getFileName().toString(), "success"));
        });
    }

    /**
     * {@code POST /jars/{jarid}/run}: the optional JSON body ({@code entryClass},
     * {@code programArgsList}, {@code parallelism}) wins over the query parameters
     * ({@code entry-class}, {@code programArg} comma-separated, {@code parallelism}).
     */
    CompletableFuture<RestResponse> run(RestRequest request) throws RestException {
        Path jar = jars.resolve(request.pathParameter("jarid"));
        JarRunRequest body = request.body().length == 0 ? new JarRunRequest(null, null, null) : readJson(request);
        String entryClass = body.entryClass() != null ? body.entryClass() : request.queryParameter("entry-class");
        List<String> args = body.programArgsList() != null ? body.programArgsList() : queryArgs(request);
        if (args.stream().anyMatch(java.util.Objects::isNull)) {
            throw RestException.badRequest("programArgsList holds a null");
        }
        Integer parallelism = body.parallelism() != null ? body.parallelism() : queryInt(request, "parallelism");
        if (parallelism != null && parallelism < 1) {
            throw RestException.badRequest("parallelism must be positive, got " + parallelism);
        }
        return runHoldingTheJar(jar, () -> jarRunner.run(jar, entryClass, args, parallelism))
                .thenApply(ids -> {
                    if (ids.isEmpty()) {
                        throw new CompletionException(RestException.badRequest("the program submitted no job"));
                    }
                    return RestResponse.ok(new JarRunResponse(ids.get(0).toString()));
                });
    }

    /**
     * Runs main() with the jar held, and keeps it held for each job main() submitted until that job
     * has ended: a {@code DELETE /jars/{id}} meanwhile takes effect when the last of them is done.
     */
    private CompletableFuture<List<JobId>> runHoldingTheJar(Path jar, Supplier<CompletableFuture<List<JobId>>> run)
            throws RestException {
        jars.acquire(jar);
        CompletableFuture<List<JobId>> ran;
        try {
            ran = run.get();
        } catch (RuntimeException e) {
            jars.release(jar);
            throw e;
        }
        return ran.whenComplete((ids, failure) -> {
            for (JobId id : ids != null ? ids : List.<JobId>of()) {
                jars.hold(jar);
                gateway.jobTermination(id).whenComplete((status, unknown) -> jars.release(jar));
            }
            jars.release(jar);
        });
    }

    /** {@code DELETE /jars/{jarid}} (as Flink): the id is gone at once, the file once no run or job holds it. */
    CompletableFuture<RestResponse> delete(RestRequest request) {
        return onIo(() -> {
            jars.delete(request.pathParameter("jarid"));
            return RestResponse.ok(Map.of());
        });
    }

    /**
     * {@code POST /jobs}: multipart with one part {@code jobgraph} and any number of {@code jar}
     * parts. The jars belong to the job: they are deleted when it ends, or at once when it is not
     * accepted.
     */
    CompletableFuture<RestResponse> submitJobGraph(RestRequest request) {
        CompletableFuture<Submission> parsed = onIo(() -> {
            Map<String, List<Part>> parts = Multipart.parse(request);
            JobGraph graph;
            try {
                graph = JobGraphCodec.fromBytes(
                        Multipart.single(parts, "jobgraph").content());
            } catch (IOException e) {
                throw new RestException(
                        HttpResponseStatus.BAD_REQUEST, "the part 'jobgraph' is not a job graph: " + e.getMessage(), e);
            }
            List<Path> userJars = new ArrayList<>();
            try {
                for (Part p : parts.getOrDefault("jar", List.of())) {
                    userJars.add(jars.storeForOneJob(p.filename(), p.content()));
                }
            } catch (RestException | IOException | RuntimeException e) {
                userJars.forEach(jars::release);
                throw e;
            }
            return new Submission(graph, userJars);
        });
        return parsed.thenCompose(s -> gateway.submitJob(s.graph(), s.jars()).whenComplete((id, refused) -> {
                    if (refused != null) {
                        s.jars().forEach(jars::release);
                    } else {
                        gateway.jobTermination(id)
                                .whenComplete((status, unknown) -> s.jars().forEach(jars::release));
                    }
                }))
                .thenApply(id -> RestResponse.accepted(new JobSubmitResponse("/jobs/" + id)));
    }

    private record Submission(JobGraph graph, List<Path> jars) {}

    private static JarRunRequest readJson(RestRequest request) throws RestException {
        try {
            JarRunRequest r = Json.SERVER.readValue(request.body(), JarRunRequest.class);
            if (r == null) {
                throw RestException.badRequest("the body must be a JSON object");
            }
            return r;
        } catch (IOException e) {
            RestErrors.Error error = RestErrors.of(e);
            throw RestException.badRequest(error.status().code() == 400 ? error.message() : "malformed JSON body");
        }
    }

    private static List<String> queryArgs(RestRequest request) throws RestException {
        String joined = request.queryParameter("programArg");
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Integer queryInt(RestRequest request, String name) throws RestException {
        String value = request.queryParameter(name);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw RestException.badRequest("query parameter '" + name + "' is not an integer: " + value);
        }
    }

    /** Work that may block or take long, with the checked failures a handler may throw. */
    @FunctionalInterface
    private interface IoWork<T> {
        T run() throws RestException, IOException;
    }

    private <T> CompletableFuture<T> onIo(IoWork<T> work) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return work.run();
                    } catch (RestException | IOException e) {
                        throw new CompletionException(e);
                    }
                },
                io);
    }
}
