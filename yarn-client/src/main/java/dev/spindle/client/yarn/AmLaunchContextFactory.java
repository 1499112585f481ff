package dev.spindle.client.yarn;

import dev.spindle.core.UserSystemExits;
import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.launch.ContainerLogging;
import dev.spindle.yarn.spec.ClusterSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;

/**
 * The ApplicationMaster's container: its localized files, its CLASSPATH (the working directory,
 * for {@code yarn-site.xml}, then the classpath link names), an explicit JAVA_HOME, the JVM heap,
 * logs into the container's log directory (with the TaskManagers' configuration,
 * {@link ContainerLogging}), and the cluster secret in the container's credentials.
 */
final class AmLaunchContextFactory {
    static final String MAIN_CLASS = "dev.spindle.yarn.am.ApplicationMasterMain";

    private AmLaunchContextFactory() {}

    /**
     * @param javaHome JAVA_HOME on the cluster's nodes
     * @param heapMb the AM JVM's maximum heap
     */
    static ContainerLaunchContext create(
            Map<String, LocalResource> resources,
            List<String> classpath,
            String javaHome,
            long heapMb,
            ClusterSecret secret)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put(Environment.JAVA_HOME.name(), javaHome);
        env.put(Environment.CLASSPATH.name(), classpath(classpath));
        return ContainerLaunchContext.newInstance(resources, env, List.of(command(heapMb)), null, tokens(secret), null);
    }

    private static String classpath(List<String> linkNames) {
        StringBuilder cp = new StringBuilder(Environment.PWD.$$());
        for (String link : linkNames) {
            cp.append(ApplicationConstants.CLASS_PATH_SEPARATOR)
                    .append(Environment.PWD.$$())
                    .append('/')
                    .append(link);
        }
        return cp.toString();
    }

    private static String command(long heapMb) {
        String logDir = ApplicationConstants.LOG_DIR_EXPANSION_VAR;
        return String.join(
                " ",
                Environment.JAVA_HOME.$$() + "/bin/java",
                "-Xmx" + heapMb + "m",
                // Lets the AM intercept System.exit of user code on any Java (UserSystemExits).
                UserSystemExits.JVM_OPTION,
                String.join(" ", ContainerLogging.jvmOptions(ContainerLogging.JOB_MANAGER_LOG)),
                MAIN_CLASS,
                "1>" + logDir + "/jobmanager.out",
                "2>" + logDir + "/jobmanager.err");
    }

    /** The secret as a secret key of the container's credentials: never in a file, a command line or a log. */
    private static ByteBuffer tokens(ClusterSecret secret) throws IOException {
        Credentials credentials = new Credentials();
        credentials.addSecretKey(new Text(ClusterSpec.SECRET_ALIAS), secret.toBytes());
        DataOutputBuffer out = new DataOutputBuffer();
        credentials.writeTokenStorageToStream(out);
        return ByteBuffer.wrap(out.getData(), 0, out.getLength());
    }
}
