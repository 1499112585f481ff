package dev.spindle.ha.zookeeper;

import dev.spindle.core.JobId;
import dev.spindle.graph.JobGraph;
import dev.spindle.graph.JobGraphCodec;
import dev.spindle.ha.JobGraphStore;
import dev.spindle.ha.RecoveredJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.hadoop.fs.Path;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job graphs and jars in the HA storage directory ({@link HaStorage}), a pointer per job in
 * ZooKeeper ({@code jobgraphs/<job id>}, data: the directory of the job's latest put). Puts and
 * removals are fenced ({@link Fence}).
 */
final class ZooKeeperJobGraphStore implements JobGraphStore {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperJobGraphStore.class);

    private final CuratorFramework client;
    private final ZooKeeperPaths paths;
    private final Fence fence;
    private final HaStorage storage;

    ZooKeeperJobGraphStore(CuratorFramework client, ZooKeeperPaths paths, Fence fence, HaStorage storage) {
        this.client = client;
        this.paths = paths;
        this.fence = fence;
        this.storage = storage;
    }

    /** Writes the files first, then points ZooKeeper at them (fenced); the previous put's files go last. */
    @Override
    public void put(JobGraph graph, List<java.nio.file.Path> userJars) throws IOException {
        JobId jobId = graph.jobId();
        Path dir = storage.writeJob(jobId, JobGraphCodec.toBytes(graph), userJars);
        try {
            fence.write(
                    "store job " + jobId, paths.jobGraph(jobId), dir.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            storage.deleteQuietly(dir);
            throw e;
        }
        try {
            storage.deleteJob(jobId, dir);
        } catch (IOException e) {
            LOG.warn(
                    "Job {} is stored in {}; its earlier files stay until the job is removed: {}",
                    jobId,
                    dir,
                    e.getMessage());
        }
    }

    @Override
    public Optional<RecoveredJob> recover(JobId jobId, java.nio.file.Path localJarDirectory) throws IOException {
        Path dir = directoryOf(jobId);
        if (dir == null) {
            return Optional.empty();
        }
        return Optional.of(new RecoveredJob(readGraph(jobId, dir), storage.copyJars(dir, localJarDirectory)));
    }

    @Override
    public Optional<JobGraph> graph(JobId jobId) throws IOException {
        Path dir = directoryOf(jobId);
        return dir == null ? Optional.empty() : Optional.of(readGraph(jobId, dir));
    }

    /** The job's directory in the storage dir, as its pointer names it; null without a pointer. */
    private Path directoryOf(JobId jobId) throws IOException {
        byte[] pointer = ZooKeeperIo.dataOrNull(client, paths.jobGraph(jobId), "read the pointer of job " + jobId);
        return pointer == null ? null : new Path(new String(pointer, StandardCharsets.UTF_8));
    }

    private JobGraph readGraph(JobId jobId, Path dir) throws IOException {
        try {
            return JobGraphCodec.fromBytes(storage.readGraph(jobId, dir));
        } catch (IOException e) {
            throw new IOException("Cannot recover job " + jobId + " from " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Collection<JobId> jobIds() throws IOException {
        List<String> children;
        try {
            children = client.getChildren().forPath(paths.jobGraphs());
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw ZooKeeperIo.failure("list the stored jobs", e);
        }
        List<JobId> ids = new ArrayList<>(children.size());
        for (String child : children) {
            try {
                ids.add(JobId.fromHex(child));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring {}/{}: not a job id", paths.jobGraphs(), child);
            }
        }
        return ids;
    }

    /** The pointer first (fenced, so a deposed leader removes nothing), then every file of the job. */
    @Override
    public void remove(JobId jobId) throws IOException {
        fence.delete("remove job " + jobId, paths.jobGraph(jobId));
        storage.deleteJob(jobId, null);
    }
}
