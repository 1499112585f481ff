package dev.spindle.client.yarn;

import dev.spindle.config.Configuration;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One deployment for {@link YarnDeployer#deploy}: the cluster's configuration (sizes, queue, tags,
 * name and the rest, as the user gave them) and its mode with what that mode ships from the
 * client's machine. The deployer stages the mode's files and writes the spec's
 * {@link dev.spindle.yarn.spec.ClusterMode} with their link names; a session ships nothing of its
 * own, so no field is null or empty "by mode".
 *
 * @param config the cluster's configuration
 * @param mode what the cluster runs
 */
public record DeploymentRequest(Configuration config, Mode mode) {
    /** The name of a session's application unless the user gives one. */
    public static final String SESSION_NAME = "Spindle session";
    /** A per-job application's name, followed by the job's name, unless the user gives one. */
    public static final String PER_JOB_NAME_PREFIX = "Spindle per-job: ";
    /** An application-mode application's name, followed by the main class, unless the user gives one. */
    public static final String APPLICATION_NAME_PREFIX = "Spindle application: ";

    public DeploymentRequest {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mode, "mode");
    }

    /** A long-running cluster to which jobs are submitted over REST. */
    public static DeploymentRequest session(Configuration config) {
        return new DeploymentRequest(config, new Session());
    }

    /** A cluster that runs one job graph ({@code JobGraphCodec} bytes) and ends with it. */
    public static DeploymentRequest perJob(
            Configuration config, String jobName, byte[] jobGraph, List<Path> userJars, boolean attached) {
        return new DeploymentRequest(config, new PerJob(jobName, jobGraph, userJars, attached));
    }

    /** A cluster that runs a program's main() in the ApplicationMaster and ends with it. */
    public static DeploymentRequest application(Configuration config, Path jar, String entryClass, List<String> args) {
        return new DeploymentRequest(config, new Application(jar, entryClass, args));
    }

    /** The application's name unless {@code yarn.application.name} gives one. */
    String defaultName() {
        return mode.defaultName();
    }

    /** What a cluster runs, and what that takes from the client's machine. */
    public sealed interface Mode permits Session, PerJob, Application {
        /**
         * After what the application is, so that an operator reading {@code yarn application -list}
         * or the RM UI tells a session from a per-job run and from an application.
         */
        String defaultName();
    }

    /** A session: it ships only the runtime, which every cluster ships. */
    public record Session() implements Mode {
        @Override
        public String defaultName() {
            return SESSION_NAME;
        }
    }

    /**
     * A per-job cluster.
     *
     * @param jobName the job's name, which names the application unless {@code yarn.application.name} does
     * @param jobGraph the job graph's {@code JobGraphCodec} bytes, staged as a file
     * @param userJars the jars the job's code is in, staged as {@code usrlib/<name>}
     * @param attached whether the client follows the job; then it holds a lease on the cluster
     *     ({@code client.heartbeat.timeout} in the spec), and the cluster shuts down when the client
     *     has been silent that long
     */
    public record PerJob(String jobName, byte[] jobGraph, List<Path> userJars, boolean attached) implements Mode {
        public PerJob {
            Objects.requireNonNull(jobName, "jobName");
            Objects.requireNonNull(jobGraph, "jobGraph");
            userJars = List.copyOf(userJars);
        }

        @Override
        public String defaultName() {
            return PER_JOB_NAME_PREFIX + jobName;
        }
    }

    /**
     * An application-mode cluster.
     *
     * @param jar the program's jar, staged as {@code usrlib/<name>}
     * @param entryClass the class whose main() runs, or null for the jar's Main-Class
     * @param args its arguments
     */
    public record Application(Path jar, String entryClass, List<String> args) implements Mode {
        public Application {
            Objects.requireNonNull(jar, "jar");
            args = List.copyOf(args);
        }

        @Override
        public String defaultName() {
            return APPLICATION_NAME_PREFIX + (entryClass != null ? entryClass : String.valueOf(jar.getFileName()));
        }
    }
}
