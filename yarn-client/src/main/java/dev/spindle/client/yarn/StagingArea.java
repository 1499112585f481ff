package dev.spindle.client.yarn;

import dev.spindle.yarn.launch.ProvidedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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
    /** The shared cache's name in {@code .spindle/}, next to the applications' directories. */
    static final String CACHE_DIRECTORY = "cache";

    private final FileSystem fs;
    private final Path directory;
    private final Map<String, LocalResource> resources = new LinkedHashMap<>();
    private final Map<String, String> sharedFiles = new LinkedHashMap<>();
    private final Map<String, String> providedFiles = new LinkedHashMap<>();

    private StagingArea(FileSystem fs, Path directory) {
        this.fs = fs;
        this.directory = directory;
    }

    /** {@code .spindle/<appId>} under {@code root}, or under the user's home directory when root is null. */
    static Path directoryOf(Configuration hadoopConfig, String root, ApplicationId appId) throws IOException {
        return new Path(spindleDirectoryOf(hadoopConfig, root), appId.toString());
    }

    /** {@code .spindle} under {@code root} (or the home directory): where every application's directory is. */
    static Path spindleDirectoryOf(Configuration hadoopConfig, String root) throws IOException {
        Path base = root == null ? FileSystem.get(hadoopConfig).getHomeDirectory() : new Path(root);
        FileSystem fs = base.getFileSystem(hadoopConfig);
        return fs.makeQualified(new Path(base, ".spindle"));
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

    /**
     * Registers {@code local} as {@code linkName} from the shared cache under {@code cacheRoot}
     * ({@code <cacheRoot>/<sha-256 of the content>/<file name>}), uploading it only if no earlier
     * deployment did. The copy is localized with PRIVATE visibility, so a NodeManager that has
     * localized it for one of the user's applications reuses it for the next: the runtime jars are
     * neither uploaded nor copied again for each deployment. A file in the cache never changes (its
     * name is its content's hash), and the AM leaves the cache alone when it deletes its staging
     * directory.
     */
    void uploadShared(java.nio.file.Path local, Path cacheRoot, String linkName) throws IOException {
        Path entry =
                new Path(new Path(cacheRoot, sha256(local)), local.getFileName().toString());
        long length = Files.size(local);
        if (!fs.exists(entry) || fs.getFileStatus(entry).getLen() != length) {
            fs.mkdirs(entry.getParent(), OWNER_ONLY_DIR);
            // Written under another name and renamed, so that a concurrent deployment never
            // registers a half-written file.
            Path partial = new Path(entry.getParent(), "." + entry.getName() + "." + UUID.randomUUID());
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), partial);
            if (fs.exists(entry) || !fs.rename(partial, entry)) {
                fs.delete(partial, false);
            }
        }
        FileStatus status = fs.getFileStatus(entry);
        sharedFiles.put(linkName, status.getPath().toString());
        resources.put(
                linkName,
                LocalResource.newInstance(
                        URL.fromPath(status.getPath()),
                        LocalResourceType.FILE,
                        LocalResourceVisibility.PRIVATE,
                        status.getLen(),
                        status.getModificationTime()));
    }

    /**
     * Registers a jar of {@code yarn.provided.lib.dirs} as its link name, from where it is: nothing
     * is uploaded ({@link ProvidedFiles} gives its visibility).
     */
    void registerProvided(ProvidedLibDirs.ProvidedJar jar) throws IOException {
        FileStatus status = jar.status();
        providedFiles.put(jar.linkName(), status.getPath().toString());
        resources.put(jar.linkName(), ProvidedFiles.localResource(jar.fs(), status));
    }

    /** The shared cache of runtime jars next to the applications' staging directories: {@code .spindle/cache}. */
    static Path cacheRootOf(Path stagingDirectory) {
        return new Path(stagingDirectory.getParent(), CACHE_DIRECTORY);
    }

    private static String sha256(java.nio.file.Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
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
        try (OutputStream out = fs.create(
                target,
                OWNER_ONLY_FILE,
                true,
                4096,
                fs.getDefaultReplication(target),
                fs.getDefaultBlockSize(target),
                null)) {
            out.write(bytes);
        }
        fs.setPermission(target, OWNER_ONLY_FILE);
        return target;
    }

    private void register(Path target, String linkName) throws IOException {
        FileStatus status = fs.getFileStatus(target);
        resources.put(
                linkName,
                LocalResource.newInstance(
                        URL.fromPath(status.getPath()),
                        LocalResourceType.FILE,
                        LocalResourceVisibility.APPLICATION,
                        status.getLen(),
                        status.getModificationTime()));
    }

    /** The files registered from the shared cache: link name to fully qualified path. */
    Map<String, String> sharedFiles() {
        return Map.copyOf(sharedFiles);
    }

    /** The files registered from the provided lib dirs: link name to fully qualified path. */
    Map<String, String> providedFiles() {
        return Map.copyOf(providedFiles);
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
