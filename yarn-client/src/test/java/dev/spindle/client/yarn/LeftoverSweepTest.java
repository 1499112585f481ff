package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeftoverSweepTest {
    @Test
    void theSweepCountsWhatItRemovedAndNamesNoApplication() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LeftoverSweep.report(
                List.of(
                        "Removed file:/s/.spindle/application_1_0001: YARN does not know application application_1_0001",
                        "Removed file:/s/.spindle/application_1_0002: application application_1_0002 ended FINISHED",
                        "Could not remove file:/s/.spindle/application_1_0003 (ended KILLED): permission denied"),
                "file:/s/.spindle",
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(
                "Leftovers: removed 2 staging directories of ended or unknown applications under file:/s/.spindle\n"
                        + "Leftovers: could not remove 1 staging directory under file:/s/.spindle; 'spindle clean' names them "
                        + "and says why\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void nothingRemovedPrintsNothing() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LeftoverSweep.report(List.of(), "file:/s", new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
