package dev.spindle.client.yarn;

import dev.spindle.config.Configuration;
import dev.spindle.yarn.YarnOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code .yarn-properties-<user>}: names the user's running session (Flink's file and key,
 * {@code applicationID}), so that later commands find it without being told. In
 * {@code yarn.properties-file.location}, else java.io.tmpdir. It holds no secret.
 */
public final class YarnPropertiesFile {
    static final String APPLICATION_ID = "applicationID";

    private final Path file;

    public YarnPropertiesFile(Path file) {
        this.file = file;
    }

    public static YarnPropertiesFile of(Configuration config) {
        String dir = config.get(YarnOptions.PROPERTIES_FILE_LOCATION);
        Path base = Path.of(dir != null ? dir : System.getProperty("java.io.tmpdir"));
        return new YarnPropertiesFile(base.resolve(".yarn-properties-" + System.getProperty("user.name")));
    }

    public Path path() {
        return file;
    }

    public void write(String applicationId) throws IOException {
        Properties p = new Properties();
        p.setProperty(APPLICATION_ID, applicationId);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "The running Spindle YARN session; removed when it is stopped");
        }
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The application id in the file, or null when there is no file. */
    public String readApplicationId() throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p.getProperty(APPLICATION_ID);
    }

    /** Removes the file if it names {@code applicationId} (another session's file is left alone). */
    public void removeIfFor(String applicationId) throws IOException {
        if (applicationId.equals(readApplicationId())) {
            Files.deleteIfExists(file);
        }
    }
}
