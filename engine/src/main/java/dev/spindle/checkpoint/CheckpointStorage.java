package dev.spindle.checkpoint;

import dev.spindle.config.CheckpointingOptions;
import dev.spindle.config.Configuration;
import dev.spindle.core.JobId;
import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one job on a Hadoop file system ({@code file://}, {@code hdfs://}, any scheme
 * whose implementation is on the classpath), under {@code state.checkpoints.dir}:
 *
 * <pre>
 * &lt;state.checkpoints.dir&gt;/&lt;job id&gt;/chk-&lt;n&gt;/_metadata   the checkpoint (written last, atomically)
 *                                       /&lt;state files&gt;  written by the tasks
 * </pre>
 *
 * A checkpoint exists once its {@code _metadata} file does: it is written under a temporary name in
 * the same directory and renamed, so a reader sees all of it or nothing, and a directory without it
 * is an incomplete checkpoint that {@link #findLatest()} skips. Retention (which checkpoints to
 * discard, when) is the caller's decision; this class provides the operations.
 *
 * <p>Thread-safe: tasks write state files from any thread while the JobMaster stores checkpoints.
 * The local file system is Hadoop's raw one, so no {@code .crc} files appear next to the state.
 */
public class CheckpointStorage {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStorage.class);

    /** The file whose presence makes a checkpoint directory a completed checkpoint. */
    public static final String METADATA_FILE = "_metadata";

    static final String CHECKPOINT_DIRECTORY_PREFIX = "chk-";
    private static final String FIX = "Set " + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()
            + " to a directory this process can write (file:///path or hdfs://namenode:port/path).";

    private final JobId jobId;
    private final org.apache.hadoop.conf.Configuration hadoopConf;
    private final FileSystem fileSystem;
    private final Path jobDirectory;

    private CheckpointStorage(
            JobId jobId, org.apache.hadoop.conf.Configuration hadoopConf, FileSystem fileSystem, Path jobDirectory) {
        this.jobId = jobId;
        this.hadoopConf = hadoopConf;
        this.fileSystem = fileSystem;
        this.jobDirectory = jobDirectory;
    }

    /** A copy, for a test's subclass that replaces {@link #commitMetadata}. */
    CheckpointStorage(CheckpointStorage other) {
        this(other.jobId, other.hadoopConf, other.fileSystem, other.jobDirectory);
    }

    /**
     * The storage of {@code jobId} under the configured directory, with Hadoop's configuration from
     * the classpath and {@code HADOOP_CONF_DIR} (see docs/checkpoints.md). Touches no file; see
     * {@link #initialize()}.
     *
     * @throws CheckpointStorageException when the directory is malformed or its scheme has no file system
     */
    public static CheckpointStorage forJob(Configuration config, JobId jobId) throws CheckpointStorageException {
        return forJob(config, jobId, HadoopFileSystems.configuration());
    }

    /** As {@link #forJob(Configuration, JobId)}, with the given Hadoop configuration (tests: a MiniDFSCluster's). */
    public static CheckpointStorage forJob(
            Configuration config, JobId jobId, org.apache.hadoop.conf.Configuration hadoopConf)
            throws CheckpointStorageException {
        String base = baseDirectory(config);
        try {
            Path basePath = new Path(base);
            FileSystem fileSystem = HadoopFileSystems.forUri(basePath.toUri(), hadoopConf);
            Path jobDirectory = new Path(fileSystem.makeQualified(basePath), jobId.toString());
            return new CheckpointStorage(jobId, hadoopConf, fileSystem, jobDirectory);
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointStorageException(
                    "Cannot use the checkpoint directory " + base + ": " + HadoopFileSystems.schemeProblem(base, e)
                            + ". " + FIX,
                    e);
        }
    }

    /** The configured base directory, or {@code <java.io.tmpdir>/spindle-checkpoints} on the local file system. */
    public static String baseDirectory(Configuration config) {
        String configured = config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        if (configured == null || configured.isBlank()) {
            return new Path(new Path("file://" + System.getProperty("java.io.tmpdir")), "spindle-checkpoints")
                    .toString();
        }
        return configured.trim();
    }

    public JobId jobId() {
        return jobId;
    }

    /** The job's directory, fully qualified ({@code file:/tmp/spindle-checkpoints/<job id>}). */
    public String jobDirectory() {
        return jobDirectory.toString();
    }

    /** The directory of checkpoint {@code checkpointId}, its external pointer once it is stored. */
    public String checkpointDirectory(long checkpointId) {
        return checkpointPath(checkpointId).toString();
    }

    /**
     * Creates the job's directory and checks that files can be written in it; call it once per job
     * before its first checkpoint (on the JobManager).
     *
     * @throws CheckpointStorageException with one line naming the directory, the problem (not
     *     writable, a file in the way) and the option to change
     */
    public void initialize() throws CheckpointStorageException {
        try {
            if (!fileSystem.mkdirs(jobDirectory)) {
                throw new AccessDeniedException(jobDirectory.toString(), null, "mkdirs failed");
            }
            Path probe = new Path(jobDirectory, "_write-probe-" + UUID.randomUUID());
            fileSystem.create(probe, false).close();
            fileSystem.delete(probe, false);
        } catch (IOException e) {
            throw new CheckpointStorageException(
                    "Cannot use the checkpoint directory " + jobDirectory + ": "
                            + HadoopFileSystems.directoryProblem(fileSystem, jobDirectory, e) + ". " + FIX,
                    e);
        }
        LOG.info("Checkpoints of job {} go to {}", jobId, jobDirectory);
    }

    /**
     * Opens a new state file {@code chk-<checkpointId>/<name>}; any thread, any process of the job.
     * Names are unique within a checkpoint (a file of an attempt of the same id that never
     * completed is replaced).
     *
     * @param name a file name: no {@code /}, not starting with {@code _} or {@code .} (reserved)
     */
    public CheckpointStateOutputStream createStateStream(long checkpointId, String name) throws IOException {
        return createStateStream(checkpointDirectory(checkpointId), name);
    }

    /**
     * Opens a new state file {@code <location>/<name>}: a checkpoint's directory or a savepoint's
     * ({@link #savepointLocation}), on any file system.
     */
    public CheckpointStateOutputStream createStateStream(String location, String name) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.startsWith("_") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a state file name: '" + name + "'");
        }
        Path path = new Path(new Path(location), name);
        return new CheckpointStateOutputStream(HadoopFileSystems.forUri(path.toUri(), hadoopConf), path);
    }

    /**
     * Creates the directory of a new savepoint of this job in {@code targetDirectory}: {@code
     * savepoint-<first 6 hex digits of the job id>-<12 random hex digits>}, and checks that files
     * can be written in it. Returns it fully qualified.
     *
     * @throws IOException with one line naming the directory and the problem
     */
    public String createSavepointLocation(String targetDirectory) throws IOException {
        Path target;
        FileSystem fs;
        try {
            target = new Path(targetDirectory);
            fs = HadoopFileSystems.forUri(target.toUri(), hadoopConf);
        } catch (IllegalArgumentException e) {
            throw new IOException("'" + targetDirectory + "' is not a usable directory: " + e.getMessage(), e);
        }
        String random = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path location = new Path(
                fs.makeQualified(target), "savepoint-" + jobId.toString().substring(0, 6) + "-" + random);
        try {
            if (!fs.mkdirs(location)) {
                throw new AccessDeniedException(location.toString(), null, "mkdirs failed");
            }
            Path probe = new Path(location, "_write-probe");
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException e) {
            throw new IOException(
                    "cannot write the savepoint into " + target + ": "
                            + HadoopFileSystems.directoryProblem(fs, location, e),
                    e);
        }
        return location.toString();
    }

    /** Deletes a savepoint's directory that never completed (a failed savepoint). */
    public void discardLocation(String location) throws IOException {
        Path path = new Path(location);
        HadoopFileSystems.forUri(path.toUri(), hadoopConf).delete(path, true);
    }

    /** Reads a state file (of this job or any other location the handle names); buffered. */
    public InputStream openState(StateHandle handle) throws IOException {
        Path path = new Path(handle.path());
        FSDataInputStream in =
                HadoopFileSystems.forUri(path.toUri(), hadoopConf).open(path);
        return new BufferedInputStream(in, CheckpointStateOutputStream.BUFFER_SIZE);
    }

    /**
     * Makes {@code checkpoint} durable and visible: writes {@code chk-<n>/_metadata} under a
     * temporary name, syncs it, and renames it. On failure nothing is visible (the temporary file is
     * deleted; a leftover after a crash is ignored by readers).
     *
     * @return its external pointer, the directory {@code chk-<n>}
     * @throws IOException when it cannot be written, or checkpoint n is stored already
     */
    public String store(CompletedCheckpoint checkpoint) throws IOException {
        return store(checkpoint, checkpointDirectory(checkpoint.checkpointId()));
    }

    /**
     * As {@link #store(CompletedCheckpoint)}, into {@code location} (a savepoint's directory).
     *
     * @return {@code location}, the checkpoint's external pointer
     */
    public String store(CompletedCheckpoint checkpoint, String location) throws IOException {
        if (!checkpoint.jobId().equals(jobId)) {
            throw new IllegalArgumentException(
                    "checkpoint of job " + checkpoint.jobId() + " given to the storage of " + jobId);
        }
        byte[] metadata = CheckpointMetadata.serialize(checkpoint, location);
        Path directory = new Path(location);
        FileSystem fileSystem = HadoopFileSystems.forUri(directory.toUri(), hadoopConf);
        Path target = new Path(directory, METADATA_FILE);
        if (fileSystem.exists(target)) {
            throw new IOException("checkpoint " + checkpoint.checkpointId() + " is stored already: " + target);
        }
        Path temporary = new Path(directory, METADATA_FILE + ".inprogress-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fileSystem.create(temporary, false)) {
                out.write(metadata);
                out.hsync();
            }
            commitMetadata(temporary, target);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary, e);
            throw new IOException("cannot store checkpoint " + checkpoint.checkpointId() + " in " + directory, e);
        }
        LOG.debug("Stored checkpoint {} of job {} in {}", checkpoint.checkpointId(), jobId, directory);
        return directory.toString();
    }

    /** The step that makes the metadata visible: an atomic rename (a seam for the failure tests). */
    void commitMetadata(Path temporary, Path target) throws IOException {
        if (!HadoopFileSystems.forUri(target.toUri(), hadoopConf).rename(temporary, target)) {
            throw new IOException("cannot rename " + temporary + " to " + target);
        }
    }

    /**
     * Loads a completed checkpoint from its pointer: its directory ({@code .../chk-<n>}) or its
     * {@code _metadata} file, on any file system.
     *
     * @throws FileNotFoundException when there is no {@code _metadata} (an incomplete or deleted checkpoint)
     * @throws IOException when the metadata cannot be read or is not of a known format
     */
    public CompletedCheckpoint load(String pointer) throws IOException {
        Path path = new Path(pointer);
        Path metadata = METADATA_FILE.equals(path.getName()) ? path : new Path(path, METADATA_FILE);
        FileSystem fs = HadoopFileSystems.forUri(metadata.toUri(), hadoopConf);
        metadata = fs.makeQualified(metadata);
        byte[] bytes;
        try (FSDataInputStream in = fs.open(metadata)) {
            bytes = in.readAllBytes();
        } catch (FileNotFoundException e) {
            FileNotFoundException missing = new FileNotFoundException("no completed checkpoint at "
                    + metadata.getParent() + ": " + METADATA_FILE + " is missing (incomplete or deleted)");
            missing.initCause(e);
            throw missing;
        }
        return CheckpointMetadata.deserialize(
                bytes, metadata.toString(), metadata.getParent().toString());
    }

    /**
     * The completed checkpoint of this job with the highest id: a {@code chk-<n>} directory with a
     * readable {@code _metadata}. Directories without one (incomplete) or with an unreadable one
     * (logged) are skipped.
     */
    public Optional<CompletedCheckpoint> findLatest() throws IOException {
        List<Long> ids = checkpointDirectoryIds();
        for (int i = ids.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(load(checkpointDirectory(ids.get(i))));
            } catch (FileNotFoundException incomplete) {
                LOG.debug("Skipping incomplete checkpoint {}: {}", ids.get(i), incomplete.getMessage());
            } catch (IOException unreadable) {
                LOG.warn("Skipping unreadable checkpoint {} of job {}: {}", ids.get(i), jobId, unreadable.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The ids of this job's completed checkpoints (with {@code _metadata}), ascending. */
    public List<Long> completedCheckpointIds() throws IOException {
        List<Long> completed = new ArrayList<>();
        for (long id : checkpointDirectoryIds()) {
            if (fileSystem.exists(new Path(checkpointPath(id), METADATA_FILE))) {
                completed.add(id);
            }
        }
        return completed;
    }

    /**
     * Deletes checkpoint {@code checkpointId} (completed or not) with its state files; a missing
     * one is fine. The {@code _metadata} goes first, so the checkpoint is never visible with state
     * files missing. Abandon its open state streams first, or they may recreate the directory.
     */
    public void discardCheckpoint(long checkpointId) throws IOException {
        Path directory = checkpointPath(checkpointId);
        fileSystem.delete(new Path(directory, METADATA_FILE), false);
        fileSystem.delete(directory, true);
    }

    /**
     * Deletes the job's directory with all its checkpoints; a missing one is fine.
     *
     * @throws IOException also when the file system reports no error but the directory is still there
     */
    public void discardJobDirectory() throws IOException {
        if (!fileSystem.delete(jobDirectory, true) && fileSystem.exists(jobDirectory)) {
            throw new IOException("cannot delete " + jobDirectory
                    + ": the file system refused (are the directory and its files writable?)");
        }
        LOG.info("Deleted the checkpoints of job {} ({})", jobId, jobDirectory);
    }

    private Path checkpointPath(long checkpointId) {
        if (checkpointId < 0) {
            throw new IllegalArgumentException("negative checkpoint id " + checkpointId);
        }
        return new Path(jobDirectory, CHECKPOINT_DIRECTORY_PREFIX + checkpointId);
    }

    /** The ids of the {@code chk-<n>} directories, complete or not, ascending. */
    private List<Long> checkpointDirectoryIds() throws IOException {
        FileStatus[] children;
        try {
            children = fileSystem.listStatus(jobDirectory);
        } catch (FileNotFoundException noCheckpointsYet) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (FileStatus child : children) {
            long id = checkpointId(child.getPath().getName());
            if (child.isDirectory() && id >= 0) {
                ids.add(id);
            }
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    /** The n of {@code chk-<n>}, or -1 for any other name. */
    static long checkpointId(String directoryName) {
        if (!directoryName.startsWith(CHECKPOINT_DIRECTORY_PREFIX)) {
            return -1;
        }
        String digits = directoryName.substring(CHECKPOINT_DIRECTORY_PREFIX.length());
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
            return -1;
        }
    }

    private void deleteQuietly(Path path, Exception failure) {
        try {
            HadoopFileSystems.forUri(path.toUri(), hadoopConf).delete(path, false);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
