package dev.spindle.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.config.ClientOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobCancellationException;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a run ended, for {@code --output json}: filled in as the command goes, printed once at its
 * end, also when it fails. The keys are a contract with schedulers, like the exit codes:
 * <ul>
 *   <li>{@code target}: the target the jobs went to;
 *   <li>{@code applicationId}: the YARN application, or null (local, standalone);
 *   <li>{@code jobId}: the first job's id, or null when no job was submitted; {@code jobs}: every
 *       job, {@code {"jobId", "state"}}, the state as the job's last known status;
 *   <li>{@code finalState}: SUCCEEDED, FAILED or KILLED (YARN's final status of a per-job or
 *       application cluster when it ended while the command waited; otherwise the run's own
 *       outcome, KILLED meaning a job was cancelled), or UNDEFINED when the command returned with
 *       its jobs running (detached);
 *   <li>{@code restUrl}: the cluster's REST endpoint, or null;
 *   <li>{@code exitCode}: the command's exit code; {@code error}: the error line, or null.
 * </ul>
 */
final class RunReport {
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";
    static final String KILLED = "KILLED";
    static final String UNDEFINED = "UNDEFINED";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code client.rest.timeout}: the longest wait for a job's state when the report is written. */
    private final long statusTimeoutMillis;

    RunReport(Configuration config) {
        this.statusTimeoutMillis = config.get(ClientOptions.REST_TIMEOUT).toMillis();
    }

    private String target;
    private String applicationId;
    private String restUrl;
    private String applicationFinalStatus;
    private final List<JobClient> jobs = new ArrayList<>();
    /** Job id to state, when the jobs are known by their states rather than their clients. */
    private final Map<String, String> jobStates = new LinkedHashMap<>();

    private String finalState;
    private int exitCode;
    private String error;

    void target(String name) {
        this.target = name;
    }

    /** The YARN application and REST endpoint of the cluster, when known; nulls leave them as they are. */
    void cluster(String appId, String url) {
        if (appId != null) {
            this.applicationId = appId;
        }
        if (url != null) {
            this.restUrl = url;
        }
    }

    /** YARN's final status of the application, once it ended while the command waited. */
    void applicationFinalStatus(String status) {
        this.applicationFinalStatus = status;
    }

    void jobs(List<JobClient> submitted) {
        jobs.clear();
        jobs.addAll(submitted);
    }

    /** The jobs by id, with their last known states, in the order they were submitted. */
    void jobStates(Map<String, String> states) {
        jobStates.clear();
        jobStates.putAll(states);
    }

    /**
     * The run ended as YARN says its application did ({@code finalStatus}: SUCCEEDED, FAILED,
     * KILLED, or UNDEFINED while it runs on), with {@code code} and the error line, if any.
     */
    void ended(String finalStatus, int code, String line) {
        exitCode = code;
        error = line;
        finalState = finalStatus;
    }

    /** The run ended without error; detached, its jobs run on. */
    void succeeded(boolean detached) {
        exitCode = ExitCodes.SUCCESS;
        finalState = applicationFinalStatus != null ? applicationFinalStatus : detached ? UNDEFINED : SUCCEEDED;
    }

    /** The run ended with {@code code} and the error line {@code line}. */
    void failed(int code, String line, boolean cancelled) {
        exitCode = code;
        error = line;
        finalState = applicationFinalStatus != null ? applicationFinalStatus : cancelled ? KILLED : FAILED;
    }

    String applicationId() {
        return applicationId;
    }

    /** The first job's id, or null when none was submitted. */
    String firstJobId() {
        if (!jobStates.isEmpty()) {
            return jobStates.keySet().iterator().next();
        }
        return jobs.isEmpty() ? null : jobs.get(0).getJobId().toString();
    }

    String finalState() {
        return finalState;
    }

    int exitCode() {
        return exitCode;
    }

    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", target);
        json.put("applicationId", applicationId);
        Map<String, String> states = new LinkedHashMap<>(jobStates);
        for (JobClient job : jobs) {
            states.put(job.getJobId().toString(), stateOf(job, statusTimeoutMillis));
        }
        json.put("jobId", states.isEmpty() ? null : states.keySet().iterator().next());
        List<Map<String, String>> entries = new ArrayList<>();
        states.forEach((id, state) -> {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("jobId", id);
            entry.put("state", state);
            entries.add(entry);
        });
        json.put("jobs", entries);
        json.put("finalState", finalState);
        json.put("restUrl", restUrl);
        json.put("exitCode", exitCode);
        json.put("error", error);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers cannot be written as JSON", e);
        }
    }

    /** The job's end as its client saw it; a job still running is asked for its status. */
    private static String stateOf(JobClient job, long statusTimeoutMillis) {
        var result = job.getJobExecutionResult();
        if (result.isDone()) {
            try {
                result.join();
                return JobStatus.FINISHED.name();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return cause instanceof JobCancellationException ? JobStatus.CANCELED.name() : JobStatus.FAILED.name();
            }
        }
        try {
            return job.getJobStatus()
                    .get(statusTimeoutMillis, TimeUnit.MILLISECONDS)
                    .name();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNKNOWN";
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return "UNKNOWN";
        }
    }
}
