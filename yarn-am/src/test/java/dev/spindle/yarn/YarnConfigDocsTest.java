package dev.spindle.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YarnConfigDocsTest {
    /** The reference in docs/ is generated from the declarations; regenerate it when this fails. */
    @Test
    void theReferenceInDocsIsUpToDate() throws IOException {
        Path docs = Path.of("..", "docs", "configuration-yarn.md");
        assertTrue(Files.exists(docs), "missing " + docs.toAbsolutePath());
        assertEquals(YarnConfigDocs.render(), Files.readString(docs), "docs/configuration-yarn.md is stale: java -cp "
                + "\"yarn-am/target/classes:engine/target/classes\" dev.spindle.yarn.YarnConfigDocs > docs/configuration-yarn.md");
    }
}
