package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpindleCliTest {

    @Test
    void helpListsCommandsAndExitCodes() {
        CliRun run = CliRun.of("--help");

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Usage: spindle"), run.out());
        for (String command : new String[] {"run", "list", "cancel", "checkpoints"}) {
            assertTrue(
                    run.out().lines().anyMatch(l -> l.trim().startsWith(command + " ")),
                    () -> command + " in " + run.out());
        }
        assertExitCodesListed(run.out());
        assertEquals("", run.err());
    }

    @Test
    void runHelpListsOptionsAndExitCodes() {
        for (String[] args : new String[][] {{"run", "--help"}, {"help", "run"}}) {
            CliRun run = CliRun.of(args);

            assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
            assertTrue(run.out().contains("Usage: spindle run"), run.out());
            for (String option : new String[] {"--target", "--parallelism", "--class", "-D", "--detached", "<jar>"}) {
                assertTrue(run.out().contains(option), () -> option + " missing from " + run.out());
            }
            assertExitCodesListed(run.out());
        }
    }

    @Test
    void versionNamesTheBuiltVersion() {
        CliRun run = CliRun.of("--version");

        assertEquals(ExitCodes.SUCCESS, run.exitCode(), run::toString);
        // The version comes from a resource Maven filters; an unfiltered one would print ${...}.
        assertTrue(run.out().matches("(?s)spindle \\d+\\.\\d+\\.\\d+\\S*\\R.*"), run.out());
    }

    @Test
    void unknownOptionIsOneUsageErrorLine() {
        String line = CliRun.of("--bogus").assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("--bogus"), line);
        assertTrue(line.contains("spindle --help"), line);
    }

    @Test
    void unknownCommandIsAUsageError() {
        String line = CliRun.of("launch").assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("launch"), line);
    }

    @Test
    void noCommandIsAUsageError() {
        String line = CliRun.of().assertOneErrorLine(ExitCodes.USAGE_ERROR);

        assertTrue(line.contains("missing command"), line);
    }

    @Test
    void noExitCodeIsNinetyNine() {
        // Airflow's BashOperator reads 99 as "skip this task": a failure must never look like that.
        assertTrue(
                ExitCodes.describe().keySet().stream().map(Integer::parseInt).noneMatch(code -> code == 99),
                ExitCodes.describe()::toString);
    }

    private static void assertExitCodesListed(String help) {
        assertTrue(help.contains("Exit codes:"), help);
        ExitCodes.describe()
                .forEach((code, meaning) -> assertTrue(
                        help.lines().anyMatch(l -> l.trim().startsWith(code + " ")),
                        () -> code + " missing in " + help));
        assertTrue(help.contains("70"), help);
    }
}
