package dev.spindle.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of uploaded jars. A stored jar is named {@code <random uuid>_<client's file name>}
 * (the client's name reduced to safe characters); that name is the jar's id. Ids from requests
 * are checked against the same pattern, so that no id reaches outside the directory.
 *
 * <p>Lifetimes: a jar uploaded with {@code POST /jars/upload} stays until {@code DELETE /jars/{id}}
 * (Flink's semantics: it may be run many times); a jar that came with a job graph
 * ({@code POST /jobs}) belongs to that job and goes when the job ends. Either way the file is
 * deleted only once no user holds it any more: a run whose main() has not returned, or a job
 * (whose TaskManagers load their classes from the file) that has not ended. Holding is counted
 * here; deleting a file is a quick unlink, done on the thread of the last release.
 */
final class JarStore {
    private static final Logger LOG = LoggerFactory.getLogger(JarStore.class);
    private static final Pattern ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_[A-Za-z0-9._-]{1,128}");

    private final Path dir;
    /** How many users hold each jar that has any. Guarded by this. */
    private final Map<Path, Integer> holders = new HashMap<>();
    /** Jars to delete when their last holder lets go: deleted through REST, or shipped with one job. Guarded by this. */
    private final Set<Path> doomed = new HashSet<>();

    JarStore(Path dir) {
        this.dir = dir;
    }

    /** Stores the bytes of a jar; 400 when they are not a zip file. Blocks: call off the event loop. */
    Path store(String clientFileName, byte[] content) throws RestException, IOException {
        if (!isZip(content)) {
            throw RestException.badRequest("'" + safeName(clientFileName) + "' is not a jar (no zip header)");
        }
        Files.createDirectories(dir);
        Path jar = dir.resolve(UUID.randomUUID() + "_" + safeName(clientFileName));
        Files.write(jar, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return jar;
    }

    /**
     * Stores a jar that belongs to one job ({@code POST /jobs}), held once for it: {@link #release}
     * when the job has ended (or was not accepted) deletes it.
     */
    Path storeForOneJob(String clientFileName, byte[] content) throws RestException, IOException {
        Path jar = store(clientFileName, content);
        synchronized (this) {
            holders.put(jar, 1);
            doomed.add(jar);
        }
        return jar;
    }

    /** The stored jar of this id; 400 for a malformed id, 404 for an unknown or deleted one. */
    synchronized Path resolve(String jarId) throws RestException {
        if (!ID.matcher(jarId).matches() || jarId.contains("..")) {
            throw RestException.badRequest("malformed jar id '" + jarId + "'");
        }
        Path jar = dir.resolve(jarId);
        if (!Files.isRegularFile(jar) || doomed.contains(jar)) {
            throw new RestException(HttpResponseStatus.NOT_FOUND, "no uploaded jar " + jarId);
        }
        return jar;
    }

    /** Holds a resolved jar for a new run; 404 when it was deleted since it was resolved. */
    synchronized void acquire(Path jar) throws RestException {
        if (doomed.contains(jar) || !Files.isRegularFile(jar)) {
            throw new RestException(HttpResponseStatus.NOT_FOUND, "no uploaded jar " + jar.getFileName());
        }
        holders.merge(jar, 1, Integer::sum);
    }

    /** Holds a jar that a user holds already for one more (a job its run submitted), deleted or not. */
    synchronized void hold(Path jar) {
        holders.merge(jar, 1, Integer::sum);
    }

    /** One user lets go of the jar; the last one deletes a jar that was deleted meanwhile or belonged to one job. */
    void release(Path jar) {
        boolean delete;
        synchronized (this) {
            Integer left = holders.merge(jar, -1, Integer::sum);
            if (left != null && left <= 0) {
                holders.remove(jar);
            }
            delete = !holders.containsKey(jar) && doomed.remove(jar);
        }
        if (delete) {
            deleteQuietly(jar);
        }
    }

    /**
     * {@code DELETE /jars/{id}}: from now on the id is unknown (404); the file goes at once, or
     * when the last run or job that holds it lets go.
     */
    void delete(String jarId) throws RestException {
        Path jar;
        boolean now;
        synchronized (this) {
            jar = resolve(jarId);
            now = !holders.containsKey(jar);
            if (!now) {
                doomed.add(jar);
            }
        }
        if (now) {
            deleteQuietly(jar);
        }
    }

    private static void deleteQuietly(Path jar) {
        try {
            Files.deleteIfExists(jar);
        } catch (IOException e) {
            LOG.warn("Could not delete the uploaded jar {}: {}", jar, e.toString());
        }
    }

    /** A jar is a zip: local file header, or the end record of an empty archive. */
    static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6));
    }

    static String safeName(String name) {
        if (name == null || name.isBlank()) {
            return "upload.jar";
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("\\.\\.+", ".");
        if (safe.isEmpty() || safe.equals(".")) {
            safe = "upload.jar";
        }
        return safe.length() > 128 ? safe.substring(safe.length() - 128) : safe;
    }
}
