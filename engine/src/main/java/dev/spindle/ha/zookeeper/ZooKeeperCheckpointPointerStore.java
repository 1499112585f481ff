package dev.spindle.ha.zookeeper;

import dev.spindle.ha.CheckpointPointerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's checkpoint pointers as the children of {@code checkpoints/<job id>}, named by the
 * checkpoint id (19 digits, zero-padded) with the pointer as data. Adds and removals are fenced
 * ({@link Fence}): a deposed leader can neither add a checkpoint nor drop the one the new leader
 * resumes from.
 */
final class ZooKeeperCheckpointPointerStore implements CheckpointPointerStore {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperCheckpointPointerStore.class);

    private final CuratorFramework client;
    private final String path;
    private final Fence fence;

    ZooKeeperCheckpointPointerStore(CuratorFramework client, String path, Fence fence) {
        this.client = client;
        this.path = path;
        this.fence = fence;
    }

    @Override
    public void add(long checkpointId, String pointer) throws IOException {
        Objects.requireNonNull(pointer, "pointer");
        fence.write(
                "record checkpoint " + checkpointId,
                ZKPaths.makePath(path, ZooKeeperPaths.checkpointNode(checkpointId)),
                pointer.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void remove(long checkpointId) throws IOException {
        fence.delete(
                "forget checkpoint " + checkpointId,
                ZKPaths.makePath(path, ZooKeeperPaths.checkpointNode(checkpointId)));
    }

    @Override
    public SortedMap<Long, String> all() throws IOException {
        SortedMap<Long, String> pointers = new TreeMap<>();
        for (String child : children()) {
            long id;
            try {
                id = Long.parseLong(child);
            } catch (NumberFormatException e) {
                LOG.warn("Ignoring {}/{}: not a checkpoint id", path, child);
                continue;
            }
            byte[] data = ZooKeeperIo.dataOrNull(client, ZKPaths.makePath(path, child), "read checkpoint " + id);
            if (data != null) { // else removed meanwhile
                pointers.put(id, new String(data, StandardCharsets.UTF_8));
            }
        }
        return Collections.unmodifiableSortedMap(pointers);
    }

    @Override
    public void removeAll() throws IOException {
        for (String child : children()) {
            fence.delete("forget checkpoint " + child, ZKPaths.makePath(path, child));
        }
        fence.delete("forget the checkpoints of " + path, path);
    }

    private List<String> children() throws IOException {
        try {
            return client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw ZooKeeperIo.failure("list the checkpoints in " + path, e);
        }
    }
}
