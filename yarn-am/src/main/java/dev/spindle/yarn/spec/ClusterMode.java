package dev.spindle.yarn.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * Where a cluster's programs run and when it ends, with exactly what that mode needs; the
 * JobManager's code path for a job is the same in all three. A closed set, so that a spec cannot
 * carry a job graph in a session or a program beside a job graph, and a {@code switch} over it
 * needs no default.
 *
 * <p>In the spec's JSON a mode is an object whose {@code type} is its {@link #name()}; only these
 * three names are accepted (no class names, no Java serialization).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClusterMode.Session.class, name = ClusterMode.Session.NAME),
    @JsonSubTypes.Type(value = ClusterMode.PerJob.class, name = ClusterMode.PerJob.NAME),
    @JsonSubTypes.Type(value = ClusterMode.Application.class, name = ClusterMode.Application.NAME)
})
public sealed interface ClusterMode permits ClusterMode.Session, ClusterMode.PerJob, ClusterMode.Application {

    /** The mode's name: in the spec's JSON, in {@code cluster.mode} on the REST root page. */
    @JsonIgnore
    String name();

    /** Long-running; jobs arrive over REST; ends when stopped. */
    record Session() implements ClusterMode {
        static final String NAME = "session";

        @Override
        public String name() {
            return NAME;
        }
    }

    /**
     * Runs the one job graph the client shipped; ends with it, its final status mirroring the job's.
     *
     * @param jobGraph the link name of the job graph file ({@code JobGraphCodec} bytes)
     * @param userJars the localized user jars (link names), shipped to TaskManagers with the job
     * @param clientHeartbeatTimeoutMillis attached: how long the AM waits for the client's heartbeat
     *     before it shuts down (the client's lease); null when nobody holds a lease (detached)
     */
    record PerJob(
            @JsonProperty("jobGraph") String jobGraph,
            @JsonProperty("userJars") List<String> userJars,
            @JsonProperty("clientHeartbeatTimeoutMillis") Long clientHeartbeatTimeoutMillis)
            implements ClusterMode {
        static final String NAME = "per-job";

        public PerJob {
            requireText(jobGraph, "mode.jobGraph");
            userJars = List.copyOf(Objects.requireNonNull(userJars, "mode.userJars"));
            if (clientHeartbeatTimeoutMillis != null && clientHeartbeatTimeoutMillis <= 0) {
                throw new IllegalArgumentException(
                        "mode.clientHeartbeatTimeoutMillis must be positive, not " + clientHeartbeatTimeoutMillis);
            }
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    /**
     * Runs the shipped program's main() in the AM; ends when main() has returned and its jobs are done.
     *
     * @param jar the link name of the jar whose main() runs
     * @param entryClass the class, or null for the jar's Main-Class
     * @param args its arguments
     */
    record Application(
            @JsonProperty("jar") String jar,
            @JsonProperty("entryClass") String entryClass,
            @JsonProperty("args") List<String> args)
            implements ClusterMode {
        static final String NAME = "application";

        public Application {
            requireText(jar, "mode.jar");
            args = List.copyOf(Objects.requireNonNull(args, "mode.args"));
        }

        @Override
        public String name() {
            return NAME;
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
    }
}
