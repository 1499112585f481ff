package dev.spindle.client.yarn;

import dev.spindle.security.ClusterSecret;
import java.util.Objects;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationId;

/**
 * A Spindle cluster running on YARN, as its deployer or a later client knows it.
 *
 * @param applicationId the YARN application
 * @param restUrl the JobManager's REST endpoint
 * @param secret the cluster secret (for the token of mutating REST requests)
 * @param stagingDirectory the application's staging directory
 */
public record DeployedCluster(
        ApplicationId applicationId, String restUrl, ClusterSecret secret, Path stagingDirectory) {
    public DeployedCluster {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(restUrl, "restUrl");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(stagingDirectory, "stagingDirectory");
    }
}
