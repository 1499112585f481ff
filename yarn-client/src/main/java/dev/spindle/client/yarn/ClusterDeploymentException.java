package dev.spindle.client.yarn;

import dev.spindle.client.cluster.ClusterAccessException;

/**
 * A cluster could not be deployed on YARN, or a deployed one could not be reached or stopped. The
 * message is the one line the user reads (the CLI exits with its code for cluster errors).
 */
public class ClusterDeploymentException extends ClusterAccessException {
    private static final long serialVersionUID = 1L;

    public ClusterDeploymentException(String message) {
        super(message);
    }

    public ClusterDeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
