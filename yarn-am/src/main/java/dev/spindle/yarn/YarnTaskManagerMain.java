package dev.spindle.yarn;

import dev.spindle.cluster.entrypoint.EntrypointArgs;
import dev.spindle.cluster.entrypoint.TaskManagerProcess;
import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.spec.ClusterSpec;
import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * The TaskManager process in a YARN container: {@code --jobmanager HOST:PORT --slots N
 * [--worker-id ID] [--config-file FILE]}, the configuration in the localized {@code FILE}, never on
 * the command line. The worker id defaults to the container's id
 * ({@code CONTAINER_ID}); the TaskManager binds to its NodeManager's host ({@code NM_HOST}); the
 * cluster secret comes from the container's YARN credentials ({@link ClusterSpec#SECRET_ALIAS}), never
 * from a file or the command line. Its life cycle and exit codes are {@link TaskManagerProcess}'s.
 */
public final class YarnTaskManagerMain {
    /** In a container, the identity and address come from YARN's environment, the secret from its credentials. */
    static final TaskManagerProcess.Environment CONTAINER = new TaskManagerProcess.Environment() {
        @Override
        public Set<String> extraOptions() {
            return Set.of("worker-id");
        }

        @Override
        public String workerId(EntrypointArgs args) {
            String id = args.optional("worker-id", System.getenv("CONTAINER_ID"));
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("--worker-id is required outside a YARN container");
            }
            return id;
        }

        @Override
        public String bindHost(EntrypointArgs args) {
            return System.getenv().getOrDefault("NM_HOST", "0.0.0.0");
        }

        @Override
        public ClusterSecret secret() throws IOException {
            return secretFromCredentials();
        }
    };

    private YarnTaskManagerMain() {}

    public static void main(String[] args) {
        TaskManagerProcess.run(args, CONTAINER);
    }

    /** The cluster secret among the current user's credentials (a container's come from its token file). */
    static ClusterSecret secretFromCredentials() throws IOException {
        byte[] key =
                UserGroupInformation.getCurrentUser().getCredentials().getSecretKey(new Text(ClusterSpec.SECRET_ALIAS));
        if (key == null) {
            throw new IOException("the container's YARN credentials hold no cluster secret (alias "
                    + ClusterSpec.SECRET_ALIAS + "); the client must add it when it submits the application");
        }
        return ClusterSecret.of(key);
    }
}
