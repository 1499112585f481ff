package dev.spindle.yarn.launch;

import dev.spindle.cluster.entrypoint.ConfigurationFile;
import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.UserSystemExits;
import dev.spindle.resource.WorkerId;
import dev.spindle.resource.WorkerSpec;
import dev.spindle.yarn.YarnTaskManagerMain;
import dev.spindle.yarn.driver.TaskManagerLaunchContextFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * The launch context of a TaskManager container ({@link YarnTaskManagerMain}):
 * <ul>
 *   <li>local resources: the staging directory's files (classpath jars and the like, see
 *       {@link #stagedFiles}), the same for every TaskManager, localized under their link names, and
 *       the cluster configuration ({@value #CONFIG_FILE}, see {@link #writeConfiguration});
 *   <li>environment: an explicit {@code JAVA_HOME} and a {@code CLASSPATH} of the localized jars in
 *       the order of the cluster spec;
 *   <li>command: {@code $JAVA_HOME/bin/java} with a heap of three quarters of the process size (as
 *       locally), the worker's cores, {@code env.java.opts.taskmanager}, logging into the container's
 *       log directory ({@link ContainerLogging}: {@code taskmanager.log}; {@code taskmanager.out},
 *       {@code taskmanager.err}, which
 *       {@code yarn logs} shows), and {@code --config-file} {@value #CONFIG_FILE}: never a configuration
 *       value, as the command line is in the NodeManager's {@code launch_container.sh} and in
 *       {@code ps} for every user of the node, and values may be secrets;
 *   <li>tokens: the AM's credentials, which hold the cluster secret ({@code ClusterSpec.SECRET_ALIAS})
 *       — the only way the secret reaches a container — without the AM's own AMRM token.
 * </ul>
 * Immutable; {@link #create} is cheap.
 */
public final class TaskManagerLaunchContexts implements TaskManagerLaunchContextFactory {
    /** The configuration's file in the staging directory and its link name in the containers. */
    public static final String CONFIG_FILE = "spindle-taskmanager.conf";

    private static final FsPermission OWNER_ONLY = new FsPermission((short) 0600);

    private final Map<String, LocalResource> localResources;
    private final List<String> classpath;
    private final ByteBuffer tokens;
    private final String javaHome;
    private final Configuration config;
    private final String jobManagerAddress;

    /**
     * @param localResources the files to localize, by link name
     * @param classpath link names of the jars that form the classpath, in order (each among
     *     {@code localResources}, or a path the NodeManagers have)
     * @param credentials what the containers get as tokens: the cluster secret, and on a secure
     *     cluster the delegation tokens
     * @param javaHome the {@code JAVA_HOME} of the containers on the cluster's nodes
     * @param config the cluster configuration the TaskManagers run with (for their JVM options)
     * @param configFile the same configuration as a file, from {@link #writeConfiguration}
     * @param jobManagerAddress the JobManager's RPC address, {@code host:port}
     */
    public TaskManagerLaunchContexts(
            Map<String, LocalResource> localResources,
            List<String> classpath,
            Credentials credentials,
            String javaHome,
            Configuration config,
            LocalResource configFile,
            String jobManagerAddress)
            throws IOException {
        Map<String, LocalResource> resources = new TreeMap<>(localResources);
        resources.put(CONFIG_FILE, Objects.requireNonNull(configFile, "configFile"));
        this.localResources = Map.copyOf(resources);
        this.classpath = List.copyOf(classpath);
        this.tokens = serialize(credentials);
        this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
        this.config = new Configuration(config);
        this.jobManagerAddress = Objects.requireNonNull(jobManagerAddress, "jobManagerAddress");
    }

    /**
     * Writes the TaskManagers' configuration into the staging directory ({@value #CONFIG_FILE},
     * owner-only in the owner-only directory; deleted with it when the application ends).
     *
     * @return the file as a local resource for {@link #TaskManagerLaunchContexts}
     */
    public static LocalResource writeConfiguration(FileSystem fs, Path stagingDirectory, Configuration config)
            throws IOException {
        Path file = new Path(stagingDirectory, CONFIG_FILE);
        try (OutputStream out = fs.create(
                file, OWNER_ONLY, true, 4096, fs.getDefaultReplication(file), fs.getDefaultBlockSize(file), null)) {
            out.write(ConfigurationFile.toBytes(config));
        }
        // create() applies the umask; the file may hold secrets.
        fs.setPermission(file, OWNER_ONLY);
        return localResource(fs.getFileStatus(file));
    }

    /** A file of the staging directory as an application-private local resource. */
    public static LocalResource localResource(FileStatus file) {
        return LocalResource.newInstance(
                URL.fromPath(file.getPath()),
                LocalResourceType.FILE,
                LocalResourceVisibility.APPLICATION,
                file.getLen(),
                file.getModificationTime());
    }

    /**
     * The cluster's files as local resources, by link name (e.g. {@code lib/spindle-engine.jar}), as
     * the cluster spec names them: those of {@code sharedFiles} from the user's shared cache (PRIVATE
     * visibility: NodeManagers keep them across applications), those of {@code providedFiles} from
     * {@code yarn.provided.lib.dirs} ({@link ProvidedFiles}), the others from the staging directory
     * (their path relative to it).
     *
     * @param fs the staging directory's file system (the cluster's default file system, or file:// on
     *     one machine)
     * @param sharedFiles link name to fully qualified path of the files in the shared cache
     * @param providedFiles link name to fully qualified path of the files in the provided lib dirs
     *     (on any file system)
     * @throws IOException naming the file that is missing
     */
    public static Map<String, LocalResource> stagedFiles(
            FileSystem fs,
            Path stagingDirectory,
            List<String> linkNames,
            Map<String, String> sharedFiles,
            Map<String, String> providedFiles)
            throws IOException {
        Map<String, LocalResource> resources = new TreeMap<>();
        for (String link : linkNames) {
            String provided = providedFiles.get(link);
            if (provided != null) {
                Path file = new Path(provided);
                FileSystem providedFs = file.getFileSystem(fs.getConf());
                try {
                    resources.put(link, ProvidedFiles.localResource(providedFs, providedFs.getFileStatus(file)));
                } catch (java.io.FileNotFoundException e) {
                    throw new IOException(
                            "the provided lib dirs (yarn.provided.lib.dirs) lack " + link + " (" + file
                                    + "): the directory changed after the deployment",
                            e);
                }
                continue;
            }
            String shared = sharedFiles.get(link);
            Path file = shared != null ? new Path(shared) : new Path(stagingDirectory, link);
            try {
                FileStatus status = fs.getFileStatus(file);
                resources.put(
                        link,
                        shared != null
                                ? LocalResource.newInstance(
                                        URL.fromPath(status.getPath()),
                                        LocalResourceType.FILE,
                                        LocalResourceVisibility.PRIVATE,
                                        status.getLen(),
                                        status.getModificationTime())
                                : localResource(status));
            } catch (java.io.FileNotFoundException e) {
                throw new IOException(
                        (shared != null ? "the shared cache lacks " : "the staging directory lacks ") + link + " ("
                                + fs.makeQualified(file) + ")",
                        e);
            }
        }
        return resources;
    }

    @Override
    public ContainerLaunchContext create(WorkerId worker, WorkerSpec spec) {
        return ContainerLaunchContext.newInstance(
                localResources, environment(), List.of(command(worker, spec)), null, tokens.duplicate(), null);
    }

    Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        env.put(Environment.JAVA_HOME.name(), javaHome);
        List<String> entries = new ArrayList<>();
        for (String entry : classpath) {
            entry = entry.startsWith("/") ? entry : Environment.PWD.$$() + "/" + entry;
            entries.add(entry);
        }
        env.put(Environment.CLASSPATH.name(), String.join(ApplicationConstants.CLASS_PATH_SEPARATOR, entries));
        return env;
    }

    /** The shell command line: the NodeManager runs it with bash, so everything that is ours is quoted. */
    String command(WorkerId worker, WorkerSpec spec) {
        String logDir = ApplicationConstants.LOG_DIR_EXPANSION_VAR;
        List<String> cmd = new ArrayList<>();
        cmd.add(Environment.JAVA_HOME.$$() + "/bin/java");
        // The heap gets three quarters of the process; the rest is metaspace, threads, direct buffers.
        long heapMb = Math.max(64, spec.processMemory().mebiBytes() * 3 / 4);
        cmd.add("-Xmx" + heapMb + "m");
        cmd.add("-XX:ActiveProcessorCount=" + spec.cpuCores());
        // Lets the TaskManager intercept System.exit of user code on any Java (UserSystemExits).
        cmd.add(UserSystemExits.JVM_OPTION);
        for (String option : config.get(ClusterOptions.TASK_MANAGER_JVM_OPTIONS).items()) {
            cmd.add(quote(option));
        }
        cmd.addAll(ContainerLogging.jvmOptions(ContainerLogging.TASK_MANAGER_LOG));
        cmd.add(YarnTaskManagerMain.class.getName());
        cmd.add("--worker-id");
        cmd.add(quote(worker.value()));
        cmd.add("--slots");
        cmd.add(Integer.toString(spec.slots()));
        cmd.add("--jobmanager");
        cmd.add(quote(jobManagerAddress));
        cmd.add("--" + ConfigurationFile.ARGUMENT);
        cmd.add(CONFIG_FILE);
        cmd.add("1>" + logDir + "/taskmanager.out");
        cmd.add("2>" + logDir + "/taskmanager.err");
        return String.join(" ", cmd);
    }

    /**
     * Quotes a word of the command line. The NodeManager's launch script runs the command as
     * {@code exec /bin/bash -c "<command>"}: the word is single-quoted for the inner shell, and what
     * the outer double quotes would still interpret ({@code \ " $ `}) is escaped. For every command
     * of a container launch context.
     */
    public static String quote(String word) {
        String inner = "'" + word.replace("'", "'\\''") + "'";
        StringBuilder b = new StringBuilder(inner.length() + 8);
        for (char c : inner.toCharArray()) {
            if (c == '\\' || c == '"' || c == '$' || c == '`') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The credentials without the AM's AMRM token: with it a container could act as the ApplicationMaster. */
    private static ByteBuffer serialize(Credentials credentials) throws IOException {
        Credentials forContainers = new Credentials();
        credentials.getSecretKeyMap().forEach(forContainers::addSecretKey);
        for (Map.Entry<Text, Token<? extends TokenIdentifier>> e :
                credentials.getTokenMap().entrySet()) {
            if (!AMRMTokenIdentifier.KIND_NAME.equals(e.getValue().getKind())) {
                forContainers.addToken(e.getKey(), e.getValue());
            }
        }
        try (DataOutputBuffer out = new DataOutputBuffer()) {
            forContainers.writeTokenStorageToStream(out);
            return ByteBuffer.wrap(out.getData(), 0, out.getLength()).asReadOnlyBuffer();
        }
    }
}
