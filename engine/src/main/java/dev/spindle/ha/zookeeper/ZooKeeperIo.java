package dev.spindle.ha.zookeeper;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;

/** How the HA services call ZooKeeper: its checked exceptions become IOExceptions that say what failed. */
final class ZooKeeperIo {
    private ZooKeeperIo() {}

    /** A Curator call, which throws {@link Exception}. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    static <T> T call(String what, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    static IOException failure(String what, Exception e) {
        if (e instanceof IOException io) {
            return io;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while trying to " + what);
            interrupted.initCause(e);
            return interrupted;
        }
        String cause = e instanceof KeeperException k
                ? k.code() + (k.getPath() == null ? "" : " " + k.getPath())
                : String.valueOf(e.getMessage());
        return new IOException("Cannot " + what + " in ZooKeeper: " + cause, e);
    }

    static boolean exists(CuratorFramework client, String path, String what) throws IOException {
        return call(what, () -> client.checkExists().forPath(path) != null);
    }

    /** The node's data, or null if there is no such node. */
    static byte[] dataOrNull(CuratorFramework client, String path, String what) throws IOException {
        try {
            return client.getData().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (Exception e) {
            throw failure(what, e);
        }
    }

    /** Creates the parents of {@code path} (persistent, empty) if missing. */
    static void ensureParent(CuratorFramework client, String path) throws IOException {
        String parent = ZKPaths.getPathAndNode(path).getPath();
        try {
            client.create().creatingParentsIfNeeded().forPath(parent);
        } catch (KeeperException.NodeExistsException e) {
            // there already
        } catch (Exception e) {
            throw failure("create " + parent, e);
        }
    }

    /** Deletes {@code path} and everything under it; nothing there is fine. */
    static void deleteRecursively(CuratorFramework client, String path) throws IOException {
        try {
            client.delete().deletingChildrenIfNeeded().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            // gone already
        } catch (Exception e) {
            throw failure("delete " + path, e);
        }
    }
}
