package dev.spindle.yarn.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a Spindle cluster on YARN is to be, written by the client into the staging directory
 * ({@value #FILE_NAME}) and read, validated, first by the ApplicationMaster.
 * It is the whole contract between the client and the AM besides the localized files it names and
 * the cluster secret, which travels in the application's YARN credentials
 * ({@link #SECRET_ALIAS}), never in this file.
 *
 * @param version {@link #VERSION}; an AM refuses any other
 * @param mode session, per-job or application
 * @param configuration the cluster's Spindle configuration (keys as in docs/configuration.md)
 * @param stagingDirectory the fully qualified staging directory ({@code .spindle/<appId>/}); the
 *     AM deletes it when the application ends
 * @param classpath the localized files (link names, e.g. {@code lib/spindle-engine.jar}) that form
 *     the classpath of the AM and of the TaskManagers, in order
 * @param userJars the localized user jars (link names), shipped to TaskManagers with each job
 * @param jobGraph per-job: the link name of the job graph file ({@code JobGraphCodec} bytes); else null
 * @param program application: the program to run in the AM; else null
 * @param clientHeartbeatTimeoutMillis per-job attached: how long the AM waits for the client's heartbeat
 *     before it shuts down (the client's lease); null when nobody holds a lease (detached, session)
 * @param sharedFiles the files among {@link #classpath} that are not in the staging directory but in
 *     the user's shared cache of runtime jars (link name to fully qualified path): localized with
 *     PRIVATE visibility, so that NodeManagers reuse them across applications; never deleted by the AM
 */
public record ClusterSpec(
        @JsonProperty("version") int version,
        @JsonProperty("mode") DeploymentMode mode,
        @JsonProperty("configuration") Map<String, String> configuration,
        @JsonProperty("stagingDirectory") String stagingDirectory,
        @JsonProperty("classpath") List<String> classpath,
        @JsonProperty("userJars") List<String> userJars,
        @JsonProperty("jobGraph") String jobGraph,
        @JsonProperty("program") Program program,
        @JsonProperty("clientHeartbeatTimeoutMillis") Long clientHeartbeatTimeoutMillis,
        @JsonProperty("sharedFiles") Map<String, String> sharedFiles) {

    public static final int VERSION = 1;
    /** The spec's file name in the staging directory and in the AM container's working directory. */
    public static final String FILE_NAME = "spindle-cluster-spec.json";
    /** The alias of the cluster secret among the application's YARN credentials (secret keys). */
    public static final String SECRET_ALIAS = "spindle.cluster.secret";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /**
     * The program of an application-mode cluster.
     *
     * @param jar the link name of the jar whose main() runs
     * @param entryClass the class, or null for the jar's Main-Class
     * @param args its arguments
     */
    public record Program(@JsonProperty("jar") String jar, @JsonProperty("entryClass") String entryClass,
            @JsonProperty("args") List<String> args) {
        public Program {
            requireText(jar, "program.jar");
            args = List.copyOf(Objects.requireNonNull(args, "program.args"));
        }
    }

    /** A spec whose files are all in the staging directory. */
    public ClusterSpec(int version, DeploymentMode mode, Map<String, String> configuration, String stagingDirectory,
            List<String> classpath, List<String> userJars, String jobGraph, Program program,
            Long clientHeartbeatTimeoutMillis) {
        this(version, mode, configuration, stagingDirectory, classpath, userJars, jobGraph, program,
                clientHeartbeatTimeoutMillis, Map.of());
    }

    @JsonCreator
    public ClusterSpec {
        if (version != VERSION) {
            throw new IllegalArgumentException("cluster spec version " + version + " is not " + VERSION
                    + ": the client and the ApplicationMaster are of different Spindle versions");
        }
        Objects.requireNonNull(mode, "mode");
        configuration = Map.copyOf(Objects.requireNonNull(configuration, "configuration"));
        requireText(stagingDirectory, "stagingDirectory");
        classpath = List.copyOf(Objects.requireNonNull(classpath, "classpath"));
        if (classpath.isEmpty()) {
            throw new IllegalArgumentException("classpath is empty");
        }
        userJars = List.copyOf(Objects.requireNonNull(userJars, "userJars"));
        if ((mode == DeploymentMode.PER_JOB) != (jobGraph != null)) {
            throw new IllegalArgumentException("a job graph belongs to per-job mode and only to it (mode " + mode + ")");
        }
        if ((mode == DeploymentMode.APPLICATION) != (program != null)) {
            throw new IllegalArgumentException("a program belongs to application mode and only to it (mode " + mode + ")");
        }
        sharedFiles = sharedFiles == null ? Map.of() : Map.copyOf(sharedFiles);
        if (clientHeartbeatTimeoutMillis != null && (mode != DeploymentMode.PER_JOB || clientHeartbeatTimeoutMillis <= 0)) {
            throw new IllegalArgumentException("a client lease belongs to per-job mode and must be positive");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
    }

    /** Writes the spec as JSON. */
    public void writeTo(Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
    }

    public byte[] toBytes() throws IOException {
        return JSON.writeValueAsBytes(this);
    }

    /**
     * Reads and validates a spec.
     *
     * @throws IOException when the file cannot be read or is not a valid spec (the message says why)
     */
    public static ClusterSpec readFrom(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no cluster spec at " + file.toAbsolutePath());
        }
        try {
            return JSON.readValue(file.toFile(), ClusterSpec.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("invalid cluster spec " + file + ": " + cause.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("invalid cluster spec " + file + ": " + e.getMessage(), e);
        }
    }
}
