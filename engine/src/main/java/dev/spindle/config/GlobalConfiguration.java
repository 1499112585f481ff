package dev.spindle.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The installation's configuration file, {@code config.yaml} (read by {@link YamlConfigFile}): in
 * the directory {@value #CONF_DIR_ENV} names, else in {@code <spindle.home>/conf}. Its options are
 * the base that {@code -D} overrides, for the CLI and for the JobManager of a standalone cluster,
 * which hands them on to its TaskManagers with the rest of its configuration.
 */
public final class GlobalConfiguration {
    public static final String CONF_DIR_ENV = "SPINDLE_CONF_DIR";
    public static final String FILE_NAME = "config.yaml";
    /** The system property with the installation's directory, set by the scripts. */
    public static final String HOME_PROPERTY = "spindle.home";

    private GlobalConfiguration() {}

    /** The file of this process (its environment and {@code spindle.home}), or an empty configuration. */
    public static Configuration load() {
        return load(System.getenv(), System.getProperty(HOME_PROPERTY));
    }

    /**
     * @throws IllegalConfigurationException when {@value #CONF_DIR_ENV} names no directory, or the
     *     file cannot be read or parsed (a usage error: the message names the file and the line)
     */
    public static Configuration load(Map<String, String> env, String home) {
        Path file = locate(env, home);
        if (file == null || !Files.isRegularFile(file)) {
            return new Configuration();
        }
        try {
            return Configuration.fromMap(YamlConfigFile.read(file));
        } catch (IOException e) {
            throw new IllegalConfigurationException(
                    "cannot read the configuration file " + file + ": " + e.getMessage());
        }
    }

    /** Where the file is looked for; null when neither the variable nor spindle.home is set. */
    public static Path locate(Map<String, String> env, String home) {
        String dir = env.get(CONF_DIR_ENV);
        if (dir != null && !dir.isBlank()) {
            Path confDir = Path.of(dir);
            if (!Files.isDirectory(confDir)) {
                throw new IllegalConfigurationException(CONF_DIR_ENV + "=" + dir + " is not a directory; "
                        + "point it at the directory of " + FILE_NAME + " or unset it");
            }
            return confDir.resolve(FILE_NAME);
        }
        return home == null ? null : Path.of(home, "conf", FILE_NAME);
    }
}
