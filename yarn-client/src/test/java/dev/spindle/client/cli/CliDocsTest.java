package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliDocsTest {
    /** The reference in docs/ is generated from the commands; regenerate it when this fails. */
    @Test
    void theReferenceInDocsIsUpToDate() throws IOException {
        Path docs = Path.of("..", "docs", "cli.md");
        assertTrue(Files.exists(docs), "missing " + docs.toAbsolutePath());
        assertEquals(CliDocs.render(), Files.readString(docs), "docs/cli.md is stale: " + CliDocs.REGENERATE);
    }

    @Test
    void everyCommandHasASection() {
        String reference = CliDocs.render();
        assertEquals(
                java.util.List.of(
                        "run",
                        "run-application",
                        "info",
                        "list",
                        "cancel",
                        "checkpoints",
                        "savepoint",
                        "stop",
                        "clean"),
                CliDocs.subcommands());
        for (String command : CliDocs.subcommands()) {
            assertTrue(
                    reference.contains("\n## `spindle " + command + "`\n\n```\nUsage: spindle " + command + " "),
                    command);
        }
        assertTrue(reference.contains("\n## `yarn-session`\n\n```\nUsage: yarn-session "), reference);
        assertTrue(reference.contains("| 70 | internal error in spindle (rerun with --verbose) |\n"), reference);
    }
}
