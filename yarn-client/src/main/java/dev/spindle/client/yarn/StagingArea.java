package dev.spindle.client.yarn;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;

/**
 * An application's staging directory, {@code .spindle/<appId>/} under the staging root on the
 * cluster's file system (owner-only): the files the containers localize, each recorded as a
 * {@link LocalResource} under its link name. Containers see them in their working directory
 * under the link name (e.g. {@code lib/spindle-engine.jar}).
 *
 * <p>Not thread-safe: filled by the deploying thread.
 */
final class StagingArea {
    static final FsPermission OWNER_ONLY_DIR = new FsPermission((short) 0700);
    static final FsPermission OWNER_ONLY_FILE = new FsPermission((short) 0600);

    private final FileSystem fs;
    private final Path directory;
    private final Map<String, LocalResource> resources = new LinkedHashMap<>();

    private StagingArea(FileSystem fs, Path directory) {
        this.fs = fs;
        this.directory = directory;
    }

    /** {@code .spindle/<appId>} under {@code root}, or under the user's home directory when root is null. */
    static Path directoryOf(Configuration hadoopConfig, String root, ApplicationId appId) throws IOException {
        Path base = root == null ? FileSystem.get(hadoopConfig).getHomeDirectory() : new Path(root);
        FileSystem fs = base.getFileSystem(hadoopConfig);
        return fs.makeQualified(new Path(new Path(base, ".spindle"), appId.toString()));
    }

    /** Creates the directory (owner-only). */
    static StagingArea create(Configuration hadoopConfig, Path directory) throws IOException {
        FileSystem fs = directory.getFileSystem(hadoopConfig);
        if (fs instanceof LocalFileSystem local) {
            // Without the .crc side files: computing them doubles the upload's cost, and the
            // NodeManagers would verify them again when they localize.
            fs = local.getRaw();
        }
        if (!fs.mkdirs(directory, OWNER_ONLY_DIR)) {
            throw new IOException("could not create the staging directory " + directory);
        }
        fs.setPermission(directory, OWNER_ONLY_DIR);
        return new StagingArea(fs, directory);
    }

    Path directory() {
        return directory;
    }

    /** Uploads a local file as {@code linkName}, localized by the containers. */
    void upload(java.nio.file.Path local, String linkName) throws IOException {
        Path target = new Path(directory, linkName);
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), target);
        register(target, linkName);
    }

    /** Writes bytes as {@code linkName}, localized by the containers. */
    void write(String linkName, byte[] bytes) throws IOException {
        Path target = writeFile(linkName, bytes);
        register(target, linkName);
    }

    /** Writes bytes as an owner-only file that containers do not localize (e.g. the client's copy of the secret). */
    Path writePrivate(String name, byte[] bytes) throws IOException {
        return writeFile(name, bytes);
    }

    private Path writeFile(String name, byte[] bytes) throws IOException {
        Path target = new Path(directory, name);
        try (OutputStream out = fs.create(target, OWNER_ONLY_FILE, true, 4096, fs.getDefaultReplication(target),
                fs.getDefaultBlockSize(target), null)) {
            out.write(bytes);
        }
        fs.setPermission(target, OWNER_ONLY_FILE);
        return target;
    }

    private void register(Path target, String linkName) throws IOException {
        FileStatus status = fs.getFileStatus(target);
        resources.put(linkName, LocalResource.newInstance(URL.fromPath(status.getPath()), LocalResourceType.FILE,
                LocalResourceVisibility.APPLICATION, status.getLen(), status.getModificationTime()));
    }

    /** The uploaded files by link name, in upload order. */
    Map<String, LocalResource> localResources() {
        return Map.copyOf(resources);
    }

    /** Deletes the directory and everything in it; true when it is gone. */
    static boolean delete(Configuration hadoopConfig, Path directory) throws IOException {
        FileSystem fs = directory.getFileSystem(hadoopConfig);
        return !fs.exists(directory) || fs.delete(directory, true);
    }
}
