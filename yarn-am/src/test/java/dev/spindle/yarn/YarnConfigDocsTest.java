package dev.spindle.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YarnConfigDocsTest {
    /** The reference in docs/ is generated from the declarations; regenerate it when this fails. */
    @Test
    void theReferenceInDocsIsUpToDate() throws Exception {
        assertEquals(
                YarnConfigDocs.render(),
                Files.readString(Path.of("..", "docs", "yarn-configuration.md")),
                "docs/yarn-configuration.md is stale: java -cp \"yarn-am/target/classes:engine/target/classes\" "
                        + "dev.spindle.yarn.YarnConfigDocs > docs/yarn-configuration.md");
    }
}
