package dev.spindle.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spindle.history.archive.ArchivedJson;
import dev.spindle.history.archive.JobArchives;
import dev.spindle.history.archive.JobArchives.ArchiveFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the job archives of the archive directories into the history server's local directory,
 * one JSON file per view ({@code views/jobs/<id>.json}, {@code views/jobs/<id>/exceptions.json},
 * ...), and keeps the merged {@code views/jobs/overview.json} of all of them. A job whose archive
 * went from its directory (or beyond {@code historyserver.archive.retained-jobs}) goes from the
 * local directory too; a directory that cannot be read keeps its jobs served. An archive that
 * cannot be read or is not an archive is skipped with one warning; of one that holds views outside
 * its job (or paths that are not plain, {@link HistoryPaths}), only those views are, with one warning.
 *
 * <p>Threading: {@link #refresh} is called by the server's scheduler (and by tests); it runs one at
 * a time. Files are written under a temporary name and moved, so the request handler never reads
 * half of one.
 */
final class ArchiveFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveFetcher.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String OVERVIEW = "/jobs/overview";

    private final List<String> directories;
    private final int retainedJobs;
    private final Path views;
    private final Path overviews;
    /** The job id of each archive served, with the directory it came from. */
    private final Map<String, String> served = new HashMap<>();
    /** Archives that were skipped (path and modification time): warned about once. */
    private final Set<String> skipped = new HashSet<>();
    /** Directories that could not be listed at the last refresh: warned about once until they can. */
    private final Set<String> unreadable = new HashSet<>();

    /**
     * @param directories the archive directories (Hadoop file system URIs or local paths)
     * @param retainedJobs how many jobs of each directory are served, or -1 for all
     * @param local the local directory; its {@code views} and {@code overviews} are this fetcher's
     */
    ArchiveFetcher(List<String> directories, int retainedJobs, Path local) throws IOException {
        this.directories = List.copyOf(directories);
        this.retainedJobs = retainedJobs;
        this.views = local.resolve("views");
        this.overviews = local.resolve("overviews");
        deleteRecursively(views);
        deleteRecursively(overviews);
        Files.createDirectories(views.resolve("jobs"));
        Files.createDirectories(overviews);
        writeOverview();
    }

    /** Where the views are: the request handler's root. */
    Path views() {
        return views;
    }

    /** Looks at every directory once, copies new archives and drops gone ones. */
    synchronized void refresh() {
        boolean changed = false;
        for (String directory : directories) {
            List<ArchiveFile> archives;
            try {
                archives = JobArchives.list(directory);
                if (retainedJobs >= 0 && archives.size() > retainedJobs) {
                    archives = archives.subList(0, retainedJobs);
                }
                if (unreadable.remove(directory)) {
                    LOG.info("The archive directory {} can be read again", directory);
                }
            } catch (IOException | RuntimeException e) {
                if (unreadable.add(directory)) {
                    LOG.warn("Cannot read the archive directory {}: {}", directory, e.getMessage());
                }
                continue;
            }
            Set<String> present = new HashSet<>();
            for (ArchiveFile archive : archives) {
                String jobId = archive.jobId();
                present.add(jobId);
                if (!served.containsKey(jobId) && fetch(archive)) {
                    served.put(jobId, directory);
                    changed = true;
                }
            }
            for (String jobId : List.copyOf(served.keySet())) {
                if (directory.equals(served.get(jobId)) && !present.contains(jobId)) {
                    drop(jobId);
                    changed = true;
                }
            }
        }
        if (changed) {
            try {
                writeOverview();
            } catch (IOException e) {
                LOG.warn("Cannot write the overview of the archived jobs: {}", e.getMessage());
            }
        }
    }

    /** Copies one archive's views; false (after one warning) when it cannot be used. */
    private boolean fetch(ArchiveFile archive) {
        String file = archive.location();
        String key = file + "@" + archive.modificationTime();
        if (skipped.contains(key)) {
            return false;
        }
        String jobId = archive.jobId();
        try {
            List<ArchivedJson> archived = JobArchives.read(file);
            Map<Path, String> files = new HashMap<>();
            String overview = null;
            List<String> ignored = new ArrayList<>();
            for (ArchivedJson view : archived) {
                JsonNode json = parse(view);
                boolean ofJob =
                        view.path().equals("/jobs/" + jobId) || view.path().startsWith("/jobs/" + jobId + "/");
                Path target = ofJob ? HistoryPaths.viewFile(views, view.path()) : null;
                if (view.path().equals(OVERVIEW)) {
                    JsonNode entry = json.path("jobs").path(0);
                    overview = entry.isObject() ? MAPPER.writeValueAsString(entry) : null;
                } else if (target != null) {
                    files.put(target, view.json());
                } else {
                    ignored.add(view.path());
                }
            }
            if (!ignored.isEmpty()) {
                // served as far as it is the job's: one view the server cannot serve costs only that view
                LOG.warn("Ignoring the views of {} that are not plain paths of job {}: {}", file, jobId, ignored);
            }
            for (Map.Entry<Path, String> f : files.entrySet()) {
                writeAtomically(f.getKey(), f.getValue());
            }
            if (overview != null) {
                writeAtomically(overviews.resolve(jobId + ".json"), overview);
            }
            LOG.info("Serving the archive of job {} from {} ({} views)", jobId, file, archived.size());
            return true;
        } catch (IOException | RuntimeException e) {
            skipped.add(key);
            LOG.warn("Skipping the job archive {}: {}", file, e.getMessage());
            return false;
        }
    }

    private static JsonNode parse(ArchivedJson view) throws IOException {
        try {
            return MAPPER.readTree(view.json());
        } catch (IOException e) {
            throw new IOException("the view of " + view.path() + " is not JSON", e);
        }
    }

    private void drop(String jobId) {
        served.remove(jobId);
        try {
            Files.deleteIfExists(views.resolve("jobs").resolve(jobId + ".json"));
            deleteRecursively(views.resolve("jobs").resolve(jobId));
            Files.deleteIfExists(overviews.resolve(jobId + ".json"));
            LOG.info("No longer serving job {}: its archive is gone", jobId);
        } catch (IOException e) {
            LOG.warn("Cannot delete the local views of job {}: {}", jobId, e.getMessage());
        }
    }

    /** {@code views/jobs/overview.json}: every served job's entry, the latest started first. */
    private void writeOverview() throws IOException {
        List<JsonNode> jobs = new ArrayList<>();
        try (Stream<Path> files = Files.list(overviews)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                jobs.add(MAPPER.readTree(f.toFile()));
            }
        }
        jobs.sort(Comparator.comparingLong((JsonNode j) -> j.path("start-time").asLong())
                .reversed());
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("jobs");
        jobs.forEach(array::add);
        writeAtomically(views.resolve("jobs").resolve("overview.json"), MAPPER.writeValueAsString(root));
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), ".", ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
