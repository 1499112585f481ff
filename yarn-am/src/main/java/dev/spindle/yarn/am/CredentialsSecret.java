package dev.spindle.yarn.am;

import dev.spindle.security.ClusterSecret;
import dev.spindle.yarn.spec.ClusterSpec;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.UserGroupInformation;

/** Reads the cluster secret the client put into the application's YARN credentials. */
final class CredentialsSecret {
    private CredentialsSecret() {}

    static ClusterSecret read() throws IOException {
        byte[] key =
                UserGroupInformation.getCurrentUser().getCredentials().getSecretKey(new Text(ClusterSpec.SECRET_ALIAS));
        if (key == null) {
            throw new IOException("the application's credentials hold no cluster secret (" + ClusterSpec.SECRET_ALIAS
                    + "): was it submitted by the Spindle client?");
        }
        return ClusterSecret.of(key);
    }
}
