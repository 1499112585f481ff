package dev.spindle.cluster.entrypoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
    @Test
    void eachCodeMeansOneThing() {
        Set<Integer> seen = new HashSet<>();
        for (ExitCode c : ExitCode.values()) {
            assertTrue(seen.add(c.code()), "code " + c.code() + " is used twice");
        }
    }

    @Test
    void theCodesKeepTheirNumbers() {
        // Released meanings: a scheduler branches on these numbers, so a change must be deliberate.
        assertEquals(
                List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 70, 143),
                List.of(ExitCode.values()).stream().map(ExitCode::code).toList());
    }

    @Test
    void eachProcessHasItsCodes() {
        assertEquals(
                List.of(ExitCode.USAGE_ERROR, ExitCode.START_FAILED, ExitCode.JOB_MANAGER_LOST, ExitCode.KILLED),
                ExitCode.of(ExitCode.Process.TASK_MANAGER));
        assertEquals(
                List.of(ExitCode.USAGE_ERROR, ExitCode.START_FAILED, ExitCode.LEADERSHIP_LOST, ExitCode.KILLED),
                ExitCode.of(ExitCode.Process.JOB_MANAGER));
        assertEquals(
                List.of(
                        ExitCode.SUCCESS,
                        ExitCode.JOB_FAILED,
                        ExitCode.USAGE_ERROR,
                        ExitCode.START_FAILED,
                        ExitCode.RESOURCE_MANAGER_LOST,
                        ExitCode.LEADERSHIP_LOST,
                        ExitCode.KILLED),
                ExitCode.of(ExitCode.Process.APPLICATION_MASTER));
    }

    /** docs/exit-codes.md is generated from the table; regenerate it when this fails. */
    @Test
    void theTableInDocsIsUpToDate() throws IOException {
        Path docs = Path.of("..", "docs", "exit-codes.md");
        assertTrue(Files.exists(docs), "missing " + docs.toAbsolutePath());
        assertEquals(
                ExitCode.markdown(),
                Files.readString(docs),
                "docs/exit-codes.md is stale: java -cp engine/target/classes dev.spindle.cluster.entrypoint.ExitCode > docs/exit-codes.md");
    }
}
