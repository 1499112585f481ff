package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code spindle clean}'s own checks, before it asks YARN anything (its work: SpindleCleanIT). */
class CleanCommandTest {
    @Test
    void aBadGracePeriodIsAUsageErrorNamingTheOption() {
        String line = CliRun.of("clean", "--grace", "soon").assertOneErrorLine(ExitCodes.USAGE_ERROR);
        assertEquals(
                "spindle: error: --grace: not a duration: 'soon' (expected e.g. 500 ms, 10 s, 5 min) "
                        + "(e.g. 0, 30 min, 1 h) (see 'spindle clean --help')",
                line);
    }

    @Test
    void aBadConfiguredGracePeriodIsAUsageErrorNamingTheKey() {
        String line = CliRun.of("clean", "-D", "yarn.staging-directory.cleanup-grace=1 fortnight")
                .assertOneErrorLine(ExitCodes.USAGE_ERROR);
        assertTrue(line.contains("invalid value '1 fortnight' for yarn.staging-directory.cleanup-grace"), line);
    }
}
