package dev.spindle.client.cli;

import dev.spindle.config.Configuration;
import dev.spindle.config.GlobalConfiguration;
import java.util.Map;

/**
 * The CLI's base configuration: the installation's {@code config.yaml} ({@link GlobalConfiguration}),
 * which {@code -D} and the flags standing for options override; it reaches the cluster as
 * {@code -D} options do (in the job graphs' and the cluster's configuration the client ships).
 */
final class ConfigFile {
    static final String CONF_DIR_ENV = GlobalConfiguration.CONF_DIR_ENV;

    private ConfigFile() {}

    static Configuration load() {
        return GlobalConfiguration.load();
    }

    static Configuration load(Map<String, String> env, String home) {
        return GlobalConfiguration.load(env, home);
    }
}
