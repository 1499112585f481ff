package dev.spindle.history.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.checkpoint.HadoopFileSystems;
import dev.spindle.core.JobId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The file of one archived job, in Flink's format so that tools reading Flink's archives read
 * these: {@code {"archive":[{"path":"/jobs/<id>","json":"<the view's JSON text>"}, ...]}}, named by
 * the job's id in the archive directory. Written under a hidden temporary name and renamed, so that
 * a reader (the history server polling the directory) never sees half a file. The only place of
 * the job archives and the history server that sees Hadoop's file systems.
 */
public final class JobArchives {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The prefix of a file being written: hidden from readers, which take only job ids. */
    static final String IN_PROGRESS_PREFIX = ".";

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

    private JobArchives() {}

    /**
     * An archive in a directory.
     *
     * @param jobId the archived job's id, the file's name
     * @param location the file's path (a Hadoop file system URI), for {@link #read(String)} and messages
     * @param modificationTime when it was written, in epoch milliseconds
     */
    public record ArchiveFile(String jobId, String location, long modificationTime) {}

    /** The archives of a directory (files named by a job id; no temporary ones), the newest first. */
    public static List<ArchiveFile> list(String directory) throws IOException {
        Path dir = new Path(directory);
        List<ArchiveFile> archives = new ArrayList<>();
        for (FileStatus status : fileSystem(dir).listStatus(dir)) {
            String name = status.getPath().getName();
            if (status.isFile() && JOB_ID.matcher(name).matches()) {
                archives.add(new ArchiveFile(name, status.getPath().toString(), status.getModificationTime()));
            }
        }
        archives.sort(Comparator.comparingLong(ArchiveFile::modificationTime).reversed());
        return archives;
    }

    /** Reads the archive at {@code location} ({@link ArchiveFile#location()}); see {@link #read(InputStream)}. */
    public static List<ArchivedJson> read(String location) throws IOException {
        Path file = new Path(location);
        try (InputStream in = fileSystem(file).open(file)) {
            return read(in);
        }
    }

    /** Why {@code directory} cannot be read archives from (one phrase), or null when it is a directory. */
    public static String directoryProblem(String directory) {
        try {
            Path dir = new Path(directory);
            return fileSystem(dir).getFileStatus(dir).isDirectory() ? null : "is not a directory";
        } catch (java.io.FileNotFoundException e) {
            return "does not exist";
        } catch (IllegalArgumentException | org.apache.hadoop.fs.UnsupportedFileSystemException e) {
            return "is " + HadoopFileSystems.schemeProblem(directory, e);
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
    }

    private static FileSystem fileSystem(Path path) throws IOException {
        return HadoopFileSystems.forUri(path.toUri(), HadoopFileSystems.configuration());
    }

    /**
     * Writes the archive of {@code jobId} into {@code directory} (any Hadoop file system URI),
     * creating the directory when needed and replacing an earlier archive of the job.
     *
     * @return the archive's path
     */
    public static Path write(String directory, JobId jobId, List<ArchivedJson> views) throws IOException {
        Path dir = new Path(directory);
        FileSystem fs = fileSystem(dir);
        Path target = new Path(dir, jobId.toString());
        Path temporary = new Path(dir, IN_PROGRESS_PREFIX + jobId + ".inprogress");
        fs.mkdirs(dir);
        try (OutputStream out = fs.create(temporary, true)) {
            out.write(toBytes(views));
        }
        fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
            fs.delete(temporary, false);
            throw new IOException("could not rename " + temporary + " to " + target);
        }
        return target;
    }

    /** The archive's bytes. */
    public static byte[] toBytes(List<ArchivedJson> views) throws JsonProcessingException {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode archive = root.putArray("archive");
        for (ArchivedJson view : views) {
            archive.addObject().put("path", view.path()).put("json", view.json());
        }
        return MAPPER.writeValueAsBytes(root);
    }

    /**
     * Reads an archive.
     *
     * @throws IOException when it cannot be read or is not an archive (the message says what is wrong)
     */
    public static List<ArchivedJson> read(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IOException("not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode archive = root == null ? null : root.get("archive");
        if (archive == null || !archive.isArray()) {
            throw new IOException("no \"archive\" array at the top");
        }
        List<ArchivedJson> views = new ArrayList<>();
        for (JsonNode entry : archive) {
            JsonNode path = entry.get("path");
            JsonNode json = entry.get("json");
            if (path == null || !path.isTextual() || json == null || !json.isTextual()) {
                throw new IOException("an entry without a text \"path\" and \"json\": " + entry);
            }
            views.add(new ArchivedJson(path.asText(), json.asText()));
        }
        return views;
    }
}
