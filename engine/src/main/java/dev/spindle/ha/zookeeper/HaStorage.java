package dev.spindle.ha.zookeeper;

import dev.spindle.checkpoint.HadoopFileSystems;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.core.JobId;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The cluster's files in the HA storage directory, on any Hadoop file system:
 *
 * <pre>
 * &lt;storageDir&gt;/&lt;cluster id&gt;/jobs/&lt;job id&gt;/&lt;put id&gt;/jobgraph.bin     JobGraphCodec bytes
 * &lt;storageDir&gt;/&lt;cluster id&gt;/jobs/&lt;job id&gt;/&lt;put id&gt;/jars/&lt;n&gt;-&lt;name&gt;  the user jars, in order
 * </pre>
 * Each put writes a directory of its own, which the pointer in ZooKeeper names once the fenced
 * update succeeded: a deposed leader's put thus never touches the files the current leader uses.
 * The job result store lives beside, in {@code <storageDir>/job-result-store/<cluster id>} by default.
 */
final class HaStorage {
    static final String GRAPH_FILE = "jobgraph.bin";
    static final String JARS = "jars";

    private final FileSystem fileSystem;
    private final Path clusterDir;
    private final Path jobResultStore;

    private HaStorage(FileSystem fileSystem, Path clusterDir, Path jobResultStore) {
        this.fileSystem = fileSystem;
        this.clusterDir = clusterDir;
        this.jobResultStore = jobResultStore;
    }

    /**
     * Opens the file system of the storage directory.
     *
     * @throws IllegalConfigurationException if the directory is not an absolute path or URI of a file
     *     system Hadoop knows
     */
    static HaStorage open(ZooKeeperHaConfig config) {
        String key = HighAvailabilityOptions.STORAGE_DIR.key();
        try {
            Path base = new Path(config.storageDir());
            URI uri = base.toUri();
            if (!base.isAbsolute() || uri.getPath() == null || !uri.getPath().startsWith("/")) {
                throw new IllegalConfigurationException(
                        key + " '" + config.storageDir() + "' is not an absolute path: "
                                + "every JobManager must find the same directory (e.g. hdfs:///spindle/ha or file:///shared/ha).");
            }
            FileSystem fs = HadoopFileSystems.forUri(uri, HadoopFileSystems.configuration());
            Path qualified = fs.makeQualified(base);
            return new HaStorage(
                    fs,
                    new Path(qualified, config.clusterId()),
                    fs.makeQualified(new Path(config.jobResultStorePath())));
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalConfigurationException(
                    "Cannot use " + key + " '" + config.storageDir() + "': "
                            + HadoopFileSystems.schemeProblem(config.storageDir(), e),
                    e);
        }
    }

    Path clusterDir() {
        return clusterDir;
    }

    boolean clusterDirExists() throws IOException {
        return fileSystem.exists(clusterDir);
    }

    /**
     * The names of the cluster directories beside this one in the storage directory (this one's
     * included, if it exists); not the default job result store's directory.
     */
    java.util.Set<String> clusterIds() throws IOException {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        try {
            for (FileStatus child : fileSystem.listStatus(clusterDir.getParent())) {
                String name = child.getPath().getName();
                if (child.isDirectory() && !name.equals(dev.spindle.ha.JobResultStores.DIRECTORY)) {
                    ids.add(name);
                }
            }
        } catch (FileNotFoundException e) {
            // nothing stored yet
        }
        return ids;
    }

    Path jobDir(JobId jobId) {
        return new Path(clusterDir, "jobs/" + jobId);
    }

    /** Writes a new directory for {@code jobId} with the graph and the jars; returns it, fully qualified. */
    Path writeJob(JobId jobId, byte[] graph, List<java.nio.file.Path> jars) throws IOException {
        Path dir = new Path(jobDir(jobId), UUID.randomUUID().toString());
        try {
            try (OutputStream out = fileSystem.create(new Path(dir, GRAPH_FILE), false)) {
                out.write(graph);
            }
            for (int i = 0; i < jars.size(); i++) {
                java.nio.file.Path jar = jars.get(i);
                try (OutputStream out =
                        fileSystem.create(new Path(dir, JARS + "/" + i + "-" + jar.getFileName()), false)) {
                    Files.copy(jar, out);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            deleteQuietly(dir);
            throw new IOException("Cannot store job " + jobId + ": its jar " + e.getFile() + " does not exist", e);
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new IOException(
                    "Cannot store job " + jobId + " in " + dir + ": "
                            + HadoopFileSystems.directoryProblem(fileSystem, dir, e),
                    e);
        }
        return dir;
    }

    /** The graph bytes stored in {@code dir}. */
    byte[] readGraph(JobId jobId, Path dir) throws IOException {
        Path file = new Path(dir, GRAPH_FILE);
        try (InputStream in = fileSystem.open(file)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new IOException(
                    "The job graph of job " + jobId + " is registered in ZooKeeper, but its file " + file
                            + " is missing (was the HA storage directory deleted?)",
                    e);
        }
    }

    /** Copies the jars stored in {@code dir}, in their order, into {@code target}; returns the copies. */
    List<java.nio.file.Path> copyJars(Path dir, java.nio.file.Path target) throws IOException {
        Path jarDir = new Path(dir, JARS);
        if (!fileSystem.exists(jarDir)) {
            return List.of();
        }
        FileStatus[] stored = fileSystem.listStatus(jarDir);
        Arrays.sort(stored, Comparator.comparingInt(HaStorage::index));
        Files.createDirectories(target);
        List<java.nio.file.Path> copies = new ArrayList<>(stored.length);
        for (FileStatus jar : stored) {
            java.nio.file.Path copy = target.resolve(jar.getPath().getName());
            try (InputStream in = fileSystem.open(jar.getPath())) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            copies.add(copy);
        }
        return copies;
    }

    private static int index(FileStatus jar) {
        String name = jar.getPath().getName();
        int dash = name.indexOf('-');
        try {
            return dash > 0 ? Integer.parseInt(name.substring(0, dash)) : Integer.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * Deletes the directories of {@code jobId} except {@code keep} (null: all of them).
     *
     * @throws IOException also when, with {@code keep} null, the file system reports no error but
     *     the job's directory is still there (a cleanup must not take that for done)
     */
    void deleteJob(JobId jobId, Path keep) throws IOException {
        Path jobDir = jobDir(jobId);
        if (keep == null) {
            if (!fileSystem.delete(jobDir, true) && fileSystem.exists(jobDir)) {
                throw new IOException("cannot delete " + jobDir
                        + ": the file system refused (are the directory and its files writable?)");
            }
            return;
        }
        try {
            for (FileStatus put : fileSystem.listStatus(jobDir)) {
                if (!put.getPath().equals(keep)) {
                    fileSystem.delete(put.getPath(), true);
                }
            }
        } catch (FileNotFoundException e) {
            // nothing stored
        }
    }

    void deleteQuietly(Path dir) {
        try {
            fileSystem.delete(dir, true);
        } catch (IOException ignored) {
            // best effort: what a failed put leaves is removed with the job
        }
    }

    /**
     * Deletes the cluster's directory, but not the job result store if it was configured inside it
     * (by default it is not: it lives in {@code <storageDir>/job-result-store/<cluster id>}).
     */
    void deleteClusterData() throws IOException {
        try {
            deleteExcept(clusterDir, jobResultStore);
        } catch (IOException e) {
            throw new IOException("Cannot delete the HA data in " + clusterDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the job result store's directory if no entry is left in it (the cluster ended for
     * good and every job's result was cleaned up and deleted on commit): nothing would ever read it.
     */
    void deleteJobResultStoreIfEmpty() {
        try {
            FileStatus[] left = fileSystem.listStatus(jobResultStore);
            if (left.length == 0) {
                fileSystem.delete(jobResultStore, false);
            }
        } catch (IOException e) {
            // gone already, or unreadable: either way nothing to do here
        }
    }

    private void deleteExcept(Path dir, Path keep) throws IOException {
        if (dir.equals(keep)) {
            return;
        }
        if (!isAncestor(dir, keep)) {
            fileSystem.delete(dir, true);
            return;
        }
        try {
            for (FileStatus child : fileSystem.listStatus(dir)) {
                deleteExcept(child.getPath(), keep);
            }
        } catch (FileNotFoundException e) {
            // gone already
        }
    }

    private static boolean isAncestor(Path dir, Path path) {
        for (Path p = path.getParent(); p != null; p = p.getParent()) {
            if (p.equals(dir)) {
                return true;
            }
        }
        return false;
    }
}
