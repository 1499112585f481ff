package dev.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    private static final List<String> REQUIRED = List.of("work");
    private static final List<String> OPTIONAL = List.of("runs");

    private static String error(boolean withSettings, String usage, String... argv) {
        return assertThrows(
                        IllegalArgumentException.class,
                        () -> BenchOptions.parse(argv, REQUIRED, OPTIONAL, withSettings, usage))
                .getMessage();
    }

    @Test
    void readsOptionsAndSettingsInOrder() {
        BenchOptions a = BenchOptions.parse(
                new String[] {"-D", "a=1", "--work", "/w", "-D", "b=2", "--runs", "4"}, REQUIRED, OPTIONAL, true, "");
        assertEquals(Path.of("/w"), a.path("work"));
        assertEquals(4, a.number("runs", 1, 1));
        assertEquals(7, a.number("absent", 7, 1));
        assertEquals(List.of("a=1", "b=2"), a.settings());
    }

    @Test
    void namesTheProblemAndAppendsTheUsageToMalformedCommandLines() {
        assertEquals("--work is missing; usage: X", error(false, "usage: X", "--runs", "1"));
        assertEquals("--work is missing", error(true, "", "--work", " "));
        assertEquals("unknown option --keys", error(true, "", "--work", "w", "--keys", "1"));
        assertEquals("option --runs has no value; usage: X", error(false, "usage: X", "--work", "w", "--runs"));
        assertEquals("expected an option, got -D; usage: X", error(false, "usage: X", "--work", "w", "-D", "a=1"));
    }

    @Test
    void numbersAreCheckedAgainstTheirBounds() {
        BenchOptions a = BenchOptions.parse(new String[] {"--work", "w", "--runs", "0"}, REQUIRED, OPTIONAL, true, "");
        assertEquals(
                "--runs needs a whole number >= 1, got '0'",
                assertThrows(IllegalArgumentException.class, () -> a.number("runs", 1, 1))
                        .getMessage());
        assertEquals(
                "--runs needs a whole number from 1 to 10, got '0'",
                assertThrows(IllegalArgumentException.class, () -> a.number("runs", 1, 1, 10))
                        .getMessage());
    }
}
