package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.yarn.YarnOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YarnPropertiesFileTest {
    @TempDir
    Path dir;

    @Test
    void namedForTheUserInTheConfiguredDirectory() {
        Configuration config = new Configuration();
        config.set(YarnOptions.PROPERTIES_FILE_LOCATION, dir.toString());
        assertEquals(
                dir.resolve(".yarn-properties-" + System.getProperty("user.name")),
                YarnPropertiesFile.of(config).path());
        assertEquals(
                Path.of(System.getProperty("java.io.tmpdir")),
                YarnPropertiesFile.of(new Configuration()).path().getParent());
    }

    @Test
    void writesReadsAndRemovesOnlyItsOwnSession() throws Exception {
        YarnPropertiesFile file = new YarnPropertiesFile(dir.resolve("sub").resolve(".yarn-properties-me"));
        assertNull(file.readApplicationId());
        file.write("application_1_0001");
        assertEquals("application_1_0001", file.readApplicationId());
        assertTrue(Files.readString(file.path()).contains("applicationID=application_1_0001"));
        file.removeIfFor("application_1_0002");
        assertTrue(Files.exists(file.path()), "another session's stop leaves the file");
        file.removeIfFor("application_1_0001");
        assertFalse(Files.exists(file.path()));
    }
}
