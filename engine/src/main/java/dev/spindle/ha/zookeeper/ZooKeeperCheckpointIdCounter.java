package dev.spindle.ha.zookeeper;

import dev.spindle.ha.CheckpointIdCounter;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A job's checkpoint counter in one ZooKeeper node ({@code checkpoint-counter/<job id>}, the next id
 * as 8 big-endian bytes), changed by compare-and-set on the node's version, so that increments from
 * several processes never hand out an id twice.
 *
 * <p>Not fenced: an id that a deposed leader takes is merely skipped by the next leader, and ids
 * stay unique and increasing; fencing is for the writes that could replace the leader's data.
 */
final class ZooKeeperCheckpointIdCounter implements CheckpointIdCounter {
    private final CuratorFramework client;
    private final String path;

    ZooKeeperCheckpointIdCounter(CuratorFramework client, String path) {
        this.client = client;
        this.path = path;
    }

    @Override
    public long getAndIncrement() throws IOException {
        String what = "take a checkpoint id from " + path;
        while (true) {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(path);
            } catch (KeeperException.NoNodeException absent) {
                if (create(INITIAL_CHECKPOINT_ID + 1, what)) {
                    return INITIAL_CHECKPOINT_ID;
                }
                continue; // another process created it meanwhile
            } catch (Exception e) {
                throw ZooKeeperIo.failure(what, e);
            }
            long next = decode(data);
            try {
                client.setData().withVersion(stat.getVersion()).forPath(path, encode(next + 1));
                return next;
            } catch (KeeperException.BadVersionException | KeeperException.NoNodeException race) {
                // another process counted, or removed the counter, meanwhile: read again
            } catch (Exception e) {
                throw ZooKeeperIo.failure(what, e);
            }
        }
    }

    @Override
    public long get() throws IOException {
        byte[] data = ZooKeeperIo.dataOrNull(client, path, "read " + path);
        return data == null ? INITIAL_CHECKPOINT_ID : decode(data);
    }

    @Override
    public void setCount(long next) throws IOException {
        String what = "set " + path + " to " + next;
        while (true) {
            try {
                client.setData().forPath(path, encode(next));
                return;
            } catch (KeeperException.NoNodeException absent) {
                if (create(next, what)) {
                    return;
                }
            } catch (Exception e) {
                throw ZooKeeperIo.failure(what, e);
            }
        }
    }

    @Override
    public void remove() throws IOException {
        ZooKeeperIo.deleteRecursively(client, path);
    }

    /** Creates the node with {@code value}; false if it exists already. */
    private boolean create(long value, String what) throws IOException {
        try {
            client.create().creatingParentsIfNeeded().forPath(path, encode(value));
            return true;
        } catch (KeeperException.NodeExistsException e) {
            return false;
        } catch (Exception e) {
            throw ZooKeeperIo.failure(what, e);
        }
    }

    private static byte[] encode(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private long decode(byte[] data) throws IOException {
        if (data == null || data.length != Long.BYTES) {
            throw new IOException("The checkpoint counter " + path + " holds " + (data == null ? 0 : data.length)
                    + " bytes, not a counter's 8");
        }
        return ByteBuffer.wrap(data).getLong();
    }
}
