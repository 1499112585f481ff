package dev.spindle.cluster.entrypoint;

import dev.spindle.security.ClusterSecret;
import java.nio.file.Path;
import java.util.Set;

/**
 * The standalone TaskManager process: {@code --worker-id ID --slots N --jobmanager HOST:PORT
 * [--bind-host HOST] [--config-file FILE]}, with the cluster secret in the file that
 * {@value ClusterSecret#FILE_ENV} names and the configuration in {@code FILE}
 * ({@link ConfigurationFile}), both never on the command line. Its life cycle and exit codes are
 * {@link TaskManagerProcess}'s.
 */
public final class TaskManagerMain {
    /** The standalone process's identity and address come from its arguments, its secret from a file. */
    static final TaskManagerProcess.Environment STANDALONE = new TaskManagerProcess.Environment() {
        @Override
        public Set<String> extraOptions() {
            return Set.of("worker-id", "bind-host");
        }

        @Override
        public String workerId(EntrypointArgs args) {
            return args.required("worker-id");
        }

        @Override
        public String bindHost(EntrypointArgs args) {
            return args.optional("bind-host", "127.0.0.1");
        }

        @Override
        public ClusterSecret secret() throws java.io.IOException {
            return readSecret();
        }
    };

    private TaskManagerMain() {}

    public static void main(String[] args) {
        TaskManagerProcess.run(args, STANDALONE);
    }

    /** The secret from the file named by the environment; a process of the cluster has no other source. */
    static ClusterSecret readSecret() throws java.io.IOException {
        String file = System.getenv(ClusterSecret.FILE_ENV);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException(
                    ClusterSecret.FILE_ENV + " is not set; it must name the cluster secret's file");
        }
        return ClusterSecret.readFrom(Path.of(file));
    }
}
