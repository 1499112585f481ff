package dev.spindle.jobmanager.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FixedDelayRestartStrategyTest {

    @Test
    void restartsAttemptsTimesThenFails() {
        RestartStrategy strategy = new FixedDelayRestartStrategy(3, 500);
        long[] failures = {0, 10_000, 3_600_000};
        for (long t : failures) {
            assertTrue(strategy.notifyFailure(t));
            assertTrue(strategy.canRestart(t), "failure at " + t);
            assertEquals(500, strategy.backoffMillis(t));
        }

        assertTrue(strategy.notifyFailure(7_200_000));
        assertFalse(strategy.canRestart(7_200_000), "the fourth failure is one more than 3 attempts");
    }

    @Test
    void zeroAttemptsNeverRestarts() {
        RestartStrategy strategy = new FixedDelayRestartStrategy(0, 1000);

        strategy.notifyFailure(5);

        assertFalse(strategy.canRestart(5));
    }

    @Test
    void describesItself() {
        assertEquals("fixed-delay (attempts 3, delay 500 ms)", new FixedDelayRestartStrategy(3, 500).description());
    }
}
