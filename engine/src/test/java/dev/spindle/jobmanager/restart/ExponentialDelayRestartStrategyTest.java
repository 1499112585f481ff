package dev.spindle.jobmanager.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ExponentialDelayRestartStrategyTest {
    private static final long HOUR = 3_600_000;

    @Test
    void theBackoffGrowsByTheMultiplierUpToTheMax() {
        RestartStrategy strategy = strategy(1000, 10_000, 2.0, HOUR, Integer.MAX_VALUE);
        long[] failures = {0, 1_500, 4_000, 9_000, 20_000, 31_000};
        List<Long> backoffs = new ArrayList<>();
        for (long t : failures) {
            assertTrue(strategy.notifyFailure(t));
            assertTrue(strategy.canRestart(t));
            backoffs.add(strategy.backoffMillis(t));
        }

        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L), backoffs);
    }

    @Test
    void failuresBeforeThePlannedRestartJoinIt() {
        RestartStrategy strategy = strategy(1000, 10_000, 2.0, HOUR, Integer.MAX_VALUE);

        assertTrue(strategy.notifyFailure(0));
        assertFalse(strategy.notifyFailure(500), "another task failing for the same cause");
        assertFalse(strategy.notifyFailure(1000), "at the planned restart time still the same attempt");
        assertEquals(500, strategy.backoffMillis(500), "the restart stays at 1000");
        assertTrue(strategy.notifyFailure(1001));
        assertEquals(2000, strategy.backoffMillis(1001), "grown once, not three times");
    }

    @Test
    void aJobThatRanLongEnoughStartsOverWithTheInitialBackoff() {
        RestartStrategy strategy = strategy(1000, 60_000, 2.0, 5000, Integer.MAX_VALUE);
        strategy.notifyFailure(0); // restart at 1000
        strategy.notifyFailure(1_500); // 2000 ms: restart at 3500
        assertEquals(2000, strategy.backoffMillis(1_500));

        strategy.notifyFailure(8_499); // 4999 ms after the restart: still growing
        assertEquals(4000, strategy.backoffMillis(8_499));

        strategy.notifyFailure(12_499 + 5000); // restarted at 12499, ran 5000 ms
        assertEquals(1000, strategy.backoffMillis(12_499 + 5000));
    }

    @Test
    void attemptsBeforeResetLimitTheRestarts() {
        RestartStrategy strategy = strategy(1000, 60_000, 2.0, 5000, 2);

        assertTrue(restarts(strategy, 0));
        assertTrue(restarts(strategy, 2_000));
        assertFalse(restarts(strategy, 5_000), "a third attempt before the backoff reset");
    }

    @Test
    void theResetGivesTheAttemptsBack() {
        RestartStrategy strategy = strategy(1000, 60_000, 2.0, 5000, 1);

        assertTrue(restarts(strategy, 0)); // restart at 1000
        assertTrue(restarts(strategy, 6_000), "5000 ms after the restart: a fresh count");
        assertFalse(restarts(strategy, 8_000));
    }

    @Test
    void jitterMovesTheBackoffEitherWayWithinItsShareButNotBelowTheInitial() {
        ScriptedRandom random = new ScriptedRandom(-100, 200, -200);
        RestartStrategy strategy =
                new ExponentialDelayRestartStrategy(1000, 60_000, 2.0, HOUR, 0.1, Integer.MAX_VALUE, random);

        strategy.notifyFailure(0);
        assertEquals(1000, strategy.backoffMillis(0), "900 is below the initial backoff");
        strategy.notifyFailure(5_000);
        assertEquals(2200, strategy.backoffMillis(5_000));
        strategy.notifyFailure(10_000);
        assertEquals(3800, strategy.backoffMillis(10_000));

        assertEquals(List.of(-100L, 101L, -200L, 201L, -400L, 401L), random.bounds);
    }

    @Test
    void seededJitterStaysInItsBounds() {
        TreeSet<Long> seen = new TreeSet<>();
        for (int seed = 0; seed < 200; seed++) {
            RestartStrategy strategy = new ExponentialDelayRestartStrategy(
                    1000, 60_000, 2.0, HOUR, 0.1, Integer.MAX_VALUE, new Random(seed));
            strategy.notifyFailure(0);
            strategy.notifyFailure(5_000);
            seen.add(strategy.backoffMillis(5_000));
        }

        assertTrue(seen.first() >= 1800 && seen.last() <= 2200, seen.first() + " .. " + seen.last());
        assertTrue(
                seen.first() < 1900 && seen.last() > 2100,
                "spread over the range: " + seen.first() + " .. " + seen.last());
    }

    @Test
    void manyAttemptsStayAtTheMax() {
        RestartStrategy strategy = new ExponentialDelayRestartStrategy(
                1000, 60_000, 2.0, Long.MAX_VALUE / 4, 1.0, Integer.MAX_VALUE, new Random(7));
        long t = 0;
        for (int i = 0; i < 2000; i++) {
            t += 70_000;
            strategy.notifyFailure(t);
        }

        long backoff = strategy.backoffMillis(t);
        assertTrue(backoff >= 1000 && backoff <= 60_000, "got " + backoff);
    }

    @Test
    void backoffBeforeAnyFailureIsAMistake() {
        RestartStrategy strategy = strategy(1000, 10_000, 2.0, HOUR, Integer.MAX_VALUE);

        assertThrows(IllegalStateException.class, () -> strategy.backoffMillis(0));
    }

    @Test
    void describesItself() {
        assertEquals(
                "exponential-delay (initial-backoff 1000 ms, max-backoff 10000 ms, backoff-multiplier 2.0,"
                        + " reset-backoff-threshold 5000 ms, jitter-factor 0.0, attempts-before-reset-backoff 3)",
                strategy(1000, 10_000, 2.0, 5000, 3).description());
    }

    private static RestartStrategy strategy(
            long initial, long max, double multiplier, long resetThreshold, int attemptsBeforeReset) {
        return new ExponentialDelayRestartStrategy(
                initial, max, multiplier, resetThreshold, 0.0, attemptsBeforeReset, new ScriptedRandom());
    }

    private static boolean restarts(RestartStrategy strategy, long at) {
        assertTrue(strategy.notifyFailure(at));
        return strategy.canRestart(at);
    }

    /** Returns the scripted offsets in order and records the bounds it was asked for. */
    private static final class ScriptedRandom implements RandomGenerator {
        final ArrayDeque<Long> values = new ArrayDeque<>();
        final List<Long> bounds = new ArrayList<>();

        ScriptedRandom(long... values) {
            for (long v : values) {
                this.values.add(v);
            }
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only bounded draws are scripted");
        }

        @Override
        public long nextLong(long origin, long bound) {
            bounds.add(origin);
            bounds.add(bound);
            return values.removeFirst();
        }
    }
}
