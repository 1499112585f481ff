package dev.spindle.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The directory of uploaded jars. A stored jar is named {@code <random uuid>_<client's file name>}
 * (the client's name reduced to safe characters); that name is the jar's id. Ids from requests
 * are checked against the same pattern, so that no id reaches outside the directory.
 */
final class JarStore {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_[A-Za-z0-9._-]{1,128}");

    private final Path dir;

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

    /** The stored jar of this id; 400 for a malformed id, 404 for an unknown one. */
    Path resolve(String jarId) throws RestException {
        if (!ID.matcher(jarId).matches() || jarId.contains("..")) {
            throw RestException.badRequest("malformed jar id '" + jarId + "'");
        }
        Path jar = dir.resolve(jarId);
        if (!Files.isRegularFile(jar)) {
            throw new RestException(HttpResponseStatus.NOT_FOUND, "no uploaded jar " + jarId);
        }
        return jar;
    }

    /** A jar is a zip: local file header, or the end record of an empty archive. */
    static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K'
                && ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6));
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
