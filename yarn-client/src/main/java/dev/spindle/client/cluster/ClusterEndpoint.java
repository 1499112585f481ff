package dev.spindle.client.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a running cluster answers, and what the user should be told about it: found once (from a
 * cluster directory or an address given on the command line), then used by every request.
 *
 * @param restAddress the REST endpoint, e.g. {@code http://127.0.0.1:8081}
 * @param secretFile the file with the cluster secret, or null when none is known (reading needs none)
 * @param description how messages name the cluster, e.g. "the standalone cluster in /x"
 * @param unreachableHint what to do when it does not answer; ends a one-line message
 */
public record ClusterEndpoint(URI restAddress, Path secretFile, String description, String unreachableHint) {
    public ClusterEndpoint {
        Objects.requireNonNull(restAddress, "restAddress");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(unreachableHint, "unreachableHint");
    }
}
