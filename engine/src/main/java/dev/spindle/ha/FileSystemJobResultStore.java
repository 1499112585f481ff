package dev.spindle.ha;

import dev.spindle.checkpoint.HadoopFileSystems;
import dev.spindle.core.JobId;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobResultStore} in a directory of a Hadoop file system ({@code file://}, {@code
 * hdfs://}, any scheme whose implementation is on the classpath), with Flink's file names:
 *
 * <pre>
 * &lt;directory&gt;/&lt;job id&gt;_DIRTY.json   the job ended; its cleanup is not done yet
 * &lt;directory&gt;/&lt;job id&gt;.json         its cleanup is done (only with delete-on-commit false)
 * </pre>
 *
 * Each file holds one {@link JobResultEntryCodec versioned JSON object}. A file is written under a
 * temporary name ({@code .<name>.<random>.tmp}) and renamed, so a reader sees a whole entry or
 * none; a temporary file left by a crash is ignored and deleted by {@link #getDirtyResults()}. The
 * directory is created with the first entry. A file that cannot be read, is not an entry, or has
 * a version this release does not know fails the read with an {@link IOException} naming the file:
 * an entry silently skipped would let its job run again.
 *
 * <p>Thread-safe: the methods of one instance are serialized, so of concurrent {@link
 * #createDirtyResult} calls for one job exactly one succeeds. Across processes the store relies on
 * high availability's leader election: only the leading JobManager writes.
 */
public final class FileSystemJobResultStore implements JobResultStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileSystemJobResultStore.class);

    static final String DIRTY_SUFFIX = "_DIRTY.json";
    static final String CLEAN_SUFFIX = ".json";
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private final FileSystem fileSystem;
    private final Path directory;
    private final boolean deleteOnCommit;
    private final Object lock = new Object();

    private FileSystemJobResultStore(FileSystem fileSystem, Path directory, boolean deleteOnCommit) {
        this.fileSystem = fileSystem;
        this.directory = directory;
        this.deleteOnCommit = deleteOnCommit;
    }

    /**
     * The store in {@code directory}, with Hadoop's configuration from the classpath and {@code
     * HADOOP_CONF_DIR} (as the checkpoint storage). Touches no file.
     *
     * @param deleteOnCommit true: an entry marked clean is deleted; false: it is kept as {@code <job id>.json}
     * @throws IOException when {@code directory} is not a path or its scheme has no file system
     */
    public static FileSystemJobResultStore open(String directory, boolean deleteOnCommit) throws IOException {
        return open(directory, deleteOnCommit, HadoopFileSystems.configuration());
    }

    /** As {@link #open(String, boolean)}, with the given Hadoop configuration (tests: a MiniDFSCluster's). */
    public static FileSystemJobResultStore open(
            String directory, boolean deleteOnCommit, org.apache.hadoop.conf.Configuration hadoopConf)
            throws IOException {
        try {
            Path path = new Path(directory);
            FileSystem fileSystem = HadoopFileSystems.forUri(path.toUri(), hadoopConf);
            return new FileSystemJobResultStore(fileSystem, fileSystem.makeQualified(path), deleteOnCommit);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(
                    "cannot use " + directory + " for the job result store: "
                            + HadoopFileSystems.schemeProblem(directory, e),
                    e);
        }
    }

    /** The store's directory, fully qualified ({@code file:/data/ha/job-result-store/<cluster id>}). */
    public String directory() {
        return directory.toString();
    }

    public boolean deleteOnCommit() {
        return deleteOnCommit;
    }

    @Override
    public void createDirtyResult(JobResultEntry entry) throws IOException {
        synchronized (lock) {
            JobId jobId = entry.jobId();
            if (hasDirtyJobResultEntry(jobId) || hasCleanJobResultEntry(jobId)) {
                throw new IllegalStateException(
                        "the job result store " + directory + " has an entry for job " + jobId + " already");
            }
            createDirectory();
            Path target = dirtyPath(jobId);
            Path temporary = new Path(directory, "." + target.getName() + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
            try {
                try (FSDataOutputStream out = fileSystem.create(temporary, false)) {
                    out.write(JobResultEntryCodec.encode(entry));
                    out.hsync();
                }
                rename(temporary, target);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(temporary, e);
                throw new IOException(
                        "cannot write the job result of job " + jobId + " to " + target + ": "
                                + HadoopFileSystems.directoryProblem(fileSystem, directory, asIOException(e)),
                        e);
            }
            LOG.info(
                    "Job {} ({}) ended {}: its result is recorded in {}",
                    jobId,
                    entry.jobName(),
                    entry.status(),
                    target);
        }
    }

    @Override
    public void markResultAsClean(JobId jobId) throws IOException {
        synchronized (lock) {
            Path dirty = dirtyPath(jobId);
            if (!fileSystem.exists(dirty)) {
                if (hasCleanJobResultEntry(jobId)) {
                    return;
                }
                throw new NoSuchElementException(
                        "the job result store " + directory + " has no entry for job " + jobId);
            }
            Path clean = cleanPath(jobId);
            if (!deleteOnCommit && fileSystem.exists(clean)) {
                throw new IOException("cannot mark the job result of job " + jobId + " clean: " + clean
                        + " is in the way (a directory, or a clean entry next to the dirty one " + dirty + ")");
            }
            try {
                if (deleteOnCommit) {
                    if (!fileSystem.delete(dirty, false) && fileSystem.exists(dirty)) {
                        throw new AccessDeniedException(dirty.toString(), null, "delete failed");
                    }
                } else {
                    rename(dirty, clean);
                }
            } catch (IOException e) {
                throw new IOException(
                        "cannot mark the job result of job " + jobId + " in " + dirty + " clean: "
                                + HadoopFileSystems.directoryProblem(fileSystem, directory, e),
                        e);
            }
            LOG.info(
                    "Job {} is cleaned up: its result in {} is {}",
                    jobId,
                    directory,
                    deleteOnCommit ? "deleted" : "marked clean");
        }
    }

    @Override
    public boolean hasDirtyJobResultEntry(JobId jobId) throws IOException {
        return fileSystem.exists(dirtyPath(jobId));
    }

    @Override
    public boolean hasCleanJobResultEntry(JobId jobId) throws IOException {
        return fileSystem.exists(cleanPath(jobId));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Deletes the temporary files that a crash left behind.
     *
     * @throws IOException naming the first dirty file that cannot be read or is not an entry
     */
    @Override
    public Set<JobResultEntry> getDirtyResults() throws IOException {
        synchronized (lock) {
            FileStatus[] files;
            try {
                if (!fileSystem.getFileStatus(directory).isDirectory()) {
                    throw new IOException(
                            "cannot read the job result store " + directory + ": it is a file, not a directory");
                }
                files = fileSystem.listStatus(directory);
            } catch (FileNotFoundException noDirectoryYet) {
                return Set.of();
            }
            Set<JobResultEntry> dirty = new HashSet<>();
            for (FileStatus file : files) {
                String name = file.getPath().getName();
                if (name.startsWith(".") && name.endsWith(TEMPORARY_SUFFIX)) {
                    LOG.info("Deleting {}, a job result that was not completely written", file.getPath());
                    deleteQuietly(file.getPath(), null);
                } else if (name.endsWith(DIRTY_SUFFIX)) {
                    dirty.add(read(file.getPath(), name.substring(0, name.length() - DIRTY_SUFFIX.length())));
                }
            }
            return dirty;
        }
    }

    @Override
    public java.util.Optional<JobResultEntry> entry(JobId jobId) throws IOException {
        for (Path file : List.of(dirtyPath(jobId), cleanPath(jobId))) {
            try {
                return java.util.Optional.of(read(file, jobId.toString()));
            } catch (IOException e) {
                if (fileSystem.exists(file)) {
                    throw e;
                }
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public void deleteAll() throws IOException {
        synchronized (lock) {
            if (fileSystem.exists(directory) && !fileSystem.delete(directory, true)) {
                throw new IOException("cannot delete the job result store " + directory);
            }
        }
    }

    private JobResultEntry read(Path file, String jobIdInName) throws IOException {
        byte[] bytes;
        try (InputStream in = fileSystem.open(file)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IOException("cannot read the job result file " + file + ": " + e.getMessage(), e);
        }
        JobResultEntry entry = JobResultEntryCodec.decode(bytes, file.toString());
        if (!entry.jobId().toString().equals(jobIdInName)) {
            throw new IOException("The job result file " + file + " holds the result of another job, " + entry.jobId()
                    + ": a file was renamed by hand");
        }
        return entry;
    }

    private void createDirectory() throws IOException {
        try {
            if (!fileSystem.mkdirs(directory)) {
                throw new AccessDeniedException(directory.toString(), null, "mkdirs failed");
            }
        } catch (IOException e) {
            throw new IOException(
                    "cannot create the job result store " + directory + ": "
                            + HadoopFileSystems.directoryProblem(fileSystem, directory, e),
                    e);
        }
    }

    /** Renames refusing to move {@code source} into a directory at {@code target} (Hadoop's rename would). */
    private void rename(Path source, Path target) throws IOException {
        if (fileSystem.exists(target) || !fileSystem.rename(source, target)) {
            throw new IOException("cannot rename " + source + " to " + target);
        }
    }

    private void deleteQuietly(Path path, Exception failure) {
        try {
            fileSystem.delete(path, false);
        } catch (IOException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                LOG.warn("Cannot delete {}: {}", path, e.getMessage());
            }
        }
    }

    private static IOException asIOException(Exception e) {
        return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }

    private Path dirtyPath(JobId jobId) {
        return new Path(directory, jobId + DIRTY_SUFFIX);
    }

    private Path cleanPath(JobId jobId) {
        return new Path(directory, jobId + CLEAN_SUFFIX);
    }

    @Override
    public String toString() {
        return "job result store in " + directory;
    }
}
