package dev.spindle.yarn.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
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
 * @param mode session, per-job (with its job graph, user jars and client lease) or application
 *     (with its program), each with exactly its own fields
 * @param configuration the cluster's Spindle configuration (keys as in docs/configuration.md)
 * @param stagingDirectory the fully qualified staging directory ({@code .spindle/<appId>/}); the
 *     AM deletes it when the application ends
 * @param classpath the localized files (link names, e.g. {@code lib/spindle-engine.jar}) that form
 *     the classpath of the AM and of the TaskManagers, in order
 * @param sharedFiles the files among {@link #classpath} that are not in the staging directory but in
 *     the user's shared cache of runtime jars (link name to fully qualified path): localized with
 *     PRIVATE visibility, so that NodeManagers reuse them across applications; never deleted by the AM
 * @param providedFiles the files among {@link #classpath} that are in the directories of
 *     {@code yarn.provided.lib.dirs} (link name to fully qualified path, on any file system): never
 *     uploaded, never deleted, localized as {@code ProvidedFiles} says; left out of the JSON when
 *     empty, so that a spec without them reads as before
 */
public record ClusterSpec(
        @JsonProperty("version") int version,
        @JsonProperty("mode") ClusterMode mode,
        @JsonProperty("configuration") Map<String, String> configuration,
        @JsonProperty("stagingDirectory") String stagingDirectory,
        @JsonProperty("classpath") List<String> classpath,
        @JsonProperty("sharedFiles") Map<String, String> sharedFiles,

        @JsonProperty("providedFiles") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, String> providedFiles) {

    /** 2: the mode is an object with its own fields ({@link ClusterMode}); 1 had them side by side. */
    public static final int VERSION = 2;
    /** The spec's file name in the staging directory and in the AM container's working directory. */
    public static final String FILE_NAME = "spindle-cluster-spec.json";
    /** The alias of the cluster secret among the application's YARN credentials (secret keys). */
    public static final String SECRET_ALIAS = "spindle.cluster.secret";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** A spec whose files are all in the staging directory. */
    public ClusterSpec(
            int version,
            ClusterMode mode,
            Map<String, String> configuration,
            String stagingDirectory,
            List<String> classpath) {
        this(version, mode, configuration, stagingDirectory, classpath, Map.of());
    }

    /** A spec whose files are in the staging directory and the shared cache. */
    public ClusterSpec(
            int version,
            ClusterMode mode,
            Map<String, String> configuration,
            String stagingDirectory,
            List<String> classpath,
            Map<String, String> sharedFiles) {
        this(version, mode, configuration, stagingDirectory, classpath, sharedFiles, Map.of());
    }

    @JsonCreator
    public ClusterSpec {
        if (version != VERSION) {
            throw new IllegalArgumentException(versionMismatch(version));
        }
        Objects.requireNonNull(mode, "mode");
        configuration = Map.copyOf(Objects.requireNonNull(configuration, "configuration"));
        requireText(stagingDirectory, "stagingDirectory");
        classpath = List.copyOf(Objects.requireNonNull(classpath, "classpath"));
        if (classpath.isEmpty()) {
            throw new IllegalArgumentException("classpath is empty");
        }
        sharedFiles = sharedFiles == null ? Map.of() : Map.copyOf(sharedFiles);
        providedFiles = providedFiles == null ? Map.of() : Map.copyOf(providedFiles);
    }

    private static String versionMismatch(int version) {
        return "cluster spec version " + version + " is not " + VERSION
                + ": the client and the ApplicationMaster are of different Spindle versions";
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
            // The version first: a spec of another version fails on it, not on a field it does not know.
            JsonNode tree = JSON.readTree(file.toFile());
            JsonNode version = tree == null ? null : tree.get("version");
            if (version != null && version.isInt() && version.intValue() != VERSION) {
                throw new IllegalArgumentException(versionMismatch(version.intValue()));
            }
            return JSON.treeToValue(tree, ClusterSpec.class);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid cluster spec " + file + ": " + e.getMessage(), e);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("invalid cluster spec " + file + ": " + cause.getMessage(), e);
        } catch (IOException e) {
            throw new IOException("invalid cluster spec " + file + ": " + e.getMessage(), e);
        }
    }
}
