package dev.spindle.history;

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
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The file of one archived job, in Flink's format so that tools reading Flink's archives read
 * these: {@code {"archive":[{"path":"/jobs/<id>","json":"<the view's JSON text>"}, ...]}}, named by
 * the job's id in the archive directory. Written under a hidden temporary name and renamed, so that
 * a reader (the history server polling the directory) never sees half a file.
 */
public final class JobArchives {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The prefix of a file being written: hidden from readers, which take only job ids. */
    static final String IN_PROGRESS_PREFIX = ".";

    private JobArchives() {}

    /**
     * Writes the archive of {@code jobId} into {@code directory} (any Hadoop file system URI),
     * creating the directory when needed and replacing an earlier archive of the job.
     *
     * @return the archive's path
     */
    public static Path write(String directory, JobId jobId, List<ArchivedJson> views) throws IOException {
        Path dir = new Path(directory);
        FileSystem fs = HadoopFileSystems.forUri(dir.toUri(), HadoopFileSystems.configuration());
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
