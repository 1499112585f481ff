package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.core.UserSystemExits;
import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.spec.ClusterSpec;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.DataInputByteBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.junit.jupiter.api.Test;

/** The AM's launch context: the command, the environment, and the secret only in the credentials. */
class AmLaunchContextFactoryTest {
    private final ClusterSecret secret = ClusterSecret.generate();

    private ContainerLaunchContext context() throws Exception {
        return AmLaunchContextFactory.create(Map.of(), List.of("lib/a.jar", "lib/b.jar"), "/opt/jdk", 384, secret);
    }

    @Test
    void commandRunsTheAmWithItsHeapAndLogsInTheContainersLogDirectory() throws Exception {
        String command = String.join(" ", context().getCommands());
        // Exactly this: the configuration reaches the AM in the cluster spec file, never on its command line.
        assertEquals(
                "{{JAVA_HOME}}/bin/java -Xmx384m " + UserSystemExits.JVM_OPTION
                        + " -Dlog4j.configuration=spindle-yarn-container-log4j.properties "
                        + "-Dspindle.log.file=<LOG_DIR>/jobmanager.log " + AmLaunchContextFactory.MAIN_CLASS
                        + " 1><LOG_DIR>/jobmanager.out 2><LOG_DIR>/jobmanager.err",
                command);
    }

    @Test
    void environmentHasAnExplicitJavaHomeAndTheClasspathFromTheLinkNames() throws Exception {
        Map<String, String> env = context().getEnvironment();
        assertEquals("/opt/jdk", env.get("JAVA_HOME"));
        assertEquals("{{PWD}}<CPS>{{PWD}}/lib/a.jar<CPS>{{PWD}}/lib/b.jar", env.get("CLASSPATH"));
    }

    @Test
    void theSecretTravelsInTheCredentialsOnly() throws Exception {
        ContainerLaunchContext context = context();
        ByteBuffer tokens = context.getTokens();
        DataInputByteBuffer in = new DataInputByteBuffer();
        in.reset(tokens.duplicate());
        Credentials credentials = new Credentials();
        credentials.readTokenStorageStream(in);
        assertArrayEquals(secret.toBytes(), credentials.getSecretKey(new Text(ClusterSpec.SECRET_ALIAS)));
        String hex = HexFormat.of().formatHex(secret.toBytes());
        assertFalse(String.join(" ", context.getCommands()).contains(hex));
        assertFalse(context.getEnvironment().toString().contains(hex));
    }
}
