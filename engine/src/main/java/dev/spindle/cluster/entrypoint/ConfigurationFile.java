package dev.spindle.cluster.entrypoint;

import dev.spindle.config.Configuration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * How a configuration reaches another process of the cluster: a file in Java's properties format
 * (UTF-8), readable by its owner only, named by {@code --config-file}. Never the command line,
 * which every user of the machine reads ({@code ps}, {@code /proc/<pid>/cmdline}), and the
 * configuration may hold secrets ({@code fs.s3a.secret.key}). Keys and values are trimmed when
 * read, as they were as {@code -D key=value}.
 */
public final class ConfigurationFile {
    /** The entry points' argument that names the file. */
    public static final String ARGUMENT = "config-file";

    private ConfigurationFile() {}

    /** Writes {@code config} into {@code file}, replacing it atomically; the file is owner-only (mode 600). */
    public static void write(Configuration config, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, toBytes(config));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file's bytes, for writing it elsewhere (a YARN staging directory). */
    public static byte[] toBytes(Configuration config) throws IOException {
        Properties p = new Properties();
        p.putAll(config.toMap());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            p.store(w, "Spindle configuration; owner-only, it may hold secrets");
        }
        return out.toByteArray();
    }

    /** Reads a file written by {@link #write} (or by the scripts, in the same format). */
    public static Configuration read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        }
    }

    static Configuration read(InputStream in) throws IOException {
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        Configuration config = new Configuration();
        for (String key : p.stringPropertyNames()) {
            config.setString(key.trim(), p.getProperty(key).trim());
        }
        return config;
    }
}
