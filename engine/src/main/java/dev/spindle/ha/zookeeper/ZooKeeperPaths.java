package dev.spindle.ha.zookeeper;

import dev.spindle.core.JobId;

/**
 * Where a cluster's ZooKeeper nodes are. Everything lives under {@link #cluster()}, so that one
 * recursive delete removes a cluster:
 *
 * <pre>
 * &lt;root&gt;/&lt;cluster id&gt;/
 *   leader/latch/            the election (Curator LeaderLatch: one ephemeral sequential node per participant)
 *   leader/info              the confirmed leader's LeaderInformation (ephemeral, owned by the leader's session)
 *   jobgraphs/&lt;job id&gt;        the job's directory in the storage dir
 *   checkpoint-counter/&lt;job id&gt;  the next checkpoint id (8 bytes, big-endian)
 *   checkpoints/&lt;job id&gt;/&lt;19-digit checkpoint id&gt;   the checkpoint's pointer
 * </pre>
 *
 * @param root high-availability.zookeeper.path.root
 * @param clusterId the cluster's id
 */
record ZooKeeperPaths(String root, String clusterId) {

    String cluster() {
        return root + "/" + clusterId;
    }

    String latch() {
        return cluster() + "/leader/latch";
    }

    String leaderInfo() {
        return cluster() + "/leader/info";
    }

    String jobGraphs() {
        return cluster() + "/jobgraphs";
    }

    String jobGraph(JobId jobId) {
        return jobGraphs() + "/" + jobId;
    }

    String counter(JobId jobId) {
        return cluster() + "/checkpoint-counter/" + jobId;
    }

    String checkpoints(JobId jobId) {
        return cluster() + "/checkpoints/" + jobId;
    }

    /** Zero-padded so that ZooKeeper's (string) order of the children is the order of the ids. */
    static String checkpointNode(long checkpointId) {
        if (checkpointId < 0) {
            throw new IllegalArgumentException("a checkpoint id is not negative, got " + checkpointId);
        }
        return String.format("%019d", checkpointId);
    }
}
