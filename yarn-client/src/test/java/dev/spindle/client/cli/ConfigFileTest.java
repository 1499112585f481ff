package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.config.Configuration;
import dev.spindle.config.CoreOptions;
import dev.spindle.config.GlobalConfiguration;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.yarn.YarnOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void theFileIsFoundThroughTheVariableElseInTheInstallationsConf() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home/conf"));
        Files.writeString(home.resolve("config.yaml"), "parallelism.default: 2\n");
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("config.yaml"), "parallelism:\n  default: 5\nyarn.tags: [a, b]\n");

        Configuration fromHome =
                GlobalConfiguration.load(Map.of(), dir.resolve("home").toString());
        assertEquals(2, fromHome.get(CoreOptions.DEFAULT_PARALLELISM));
        Configuration fromVariable = GlobalConfiguration.load(
                Map.of(GlobalConfiguration.CONF_DIR_ENV, other.toString()),
                dir.resolve("home").toString());
        assertEquals(5, fromVariable.get(CoreOptions.DEFAULT_PARALLELISM));
        assertEquals(List.of("a", "b"), fromVariable.get(YarnOptions.APPLICATION_TAGS));
    }

    @Test
    void noFileIsAnEmptyConfigurationAndABadDirectoryAUsageError() {
        assertEquals(new Configuration(), GlobalConfiguration.load(Map.of(), dir.toString()));
        assertEquals(new Configuration(), GlobalConfiguration.load(Map.of(), null));
        IllegalConfigurationException e = assertThrows(
                IllegalConfigurationException.class,
                () -> GlobalConfiguration.load(
                        Map.of(
                                GlobalConfiguration.CONF_DIR_ENV,
                                dir.resolve("missing").toString()),
                        null));
        assertEquals(
                GlobalConfiguration.CONF_DIR_ENV + "=" + dir.resolve("missing")
                        + " is not a directory; point it at the " + "directory of config.yaml or unset it",
                e.getMessage());
    }

    @Test
    void anUnknownKeyIsWarnedAboutNamingTheNearestKnownOne() {
        Configuration config = new Configuration();
        config.setString("paralelism.default", "2");
        config.setString("my.program.setting", "x");
        config.setString("parallelism.default", "2");
        assertEquals(
                List.of(
                        "unknown option 'my.program.setting' (no option of Spindle's; passed on unchanged)",
                        "unknown option 'paralelism.default'; did you mean 'parallelism.default'?"),
                ConfigValidation.unknownKeys(config));
    }
}
