package dev.spindle.client.cli;

import dev.spindle.config.Configuration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.config.YamlConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The installation's configuration file, {@code config.yaml} (read by {@link YamlConfigFile}): in
 * the directory {@value #CONF_DIR_ENV} names, else in {@code <spindle.home>/conf}. Its options are
 * the base that {@code -D} and the flags standing for options override; they reach the cluster as
 * {@code -D} options do (in the job graphs' and the cluster's configuration the client ships).
 */
final class ConfigFile {
    static final String CONF_DIR_ENV = "SPINDLE_CONF_DIR";
    static final String FILE_NAME = "config.yaml";
    static final String HOME_PROPERTY = "spindle.home";

    private ConfigFile() {
    }

    /** The file of this process (its environment and {@code spindle.home}), or an empty configuration. */
    static Configuration load() {
        return load(System.getenv(), System.getProperty(HOME_PROPERTY));
    }

    /**
     * @throws IllegalConfigurationException when {@value #CONF_DIR_ENV} names no directory, or the
     *     file cannot be read or parsed (a usage error: the message names the file and the line)
     */
    static Configuration load(Map<String, String> env, String home) {
        Path file = locate(env, home);
        if (file == null || !Files.isRegularFile(file)) {
            return new Configuration();
        }
        try {
            return Configuration.fromMap(YamlConfigFile.read(file));
        } catch (IOException e) {
            throw new IllegalConfigurationException("cannot read the configuration file " + file + ": " + e.getMessage());
        }
    }

    /** Where the file is looked for; null when neither the variable nor spindle.home is set. */
    static Path locate(Map<String, String> env, String home) {
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
