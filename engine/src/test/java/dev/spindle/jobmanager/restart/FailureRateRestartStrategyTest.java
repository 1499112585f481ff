package dev.spindle.jobmanager.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailureRateRestartStrategyTest {

    @Test
    void oneFailureTooManyInTheWindowFailsTheJob() {
        RestartStrategy strategy = new FailureRateRestartStrategy(2, 1000, 100);

        assertTrue(fails(strategy, 0));
        assertTrue(fails(strategy, 400));
        assertEquals(100, strategy.backoffMillis(400));
        assertFalse(fails(strategy, 900), "three failures within 1000 ms, 2 allowed");
    }

    @Test
    void theWindowSlides() {
        RestartStrategy strategy = new FailureRateRestartStrategy(2, 1000, 100);

        assertTrue(fails(strategy, 0));
        assertTrue(fails(strategy, 400));
        assertTrue(fails(strategy, 1001), "the failure at 0 has left the window [1, 1001]");
        assertTrue(fails(strategy, 2401), "only 1001 and 2401 are within [1401, 2401]");
        assertTrue(fails(strategy, 2500), "only 2401 and 2500 are within [1500, 2500]");
        assertFalse(fails(strategy, 2600), "2401, 2500 and 2600 are within 1000 ms");
    }

    @Test
    void theWindowIsClosedAtBothEnds() {
        RestartStrategy strategy = new FailureRateRestartStrategy(1, 1000, 0);

        assertTrue(fails(strategy, 0));
        assertFalse(fails(strategy, 1000), "failures exactly the interval apart are in one window");
    }

    @Test
    void defaultsAllowOneRestartPerMinute() {
        RestartStrategy strategy = RestartStrategies.create(
                dev.spindle.config.Configuration.fromMap(java.util.Map.of("restart-strategy.type", "failure-rate")),
                false);

        assertTrue(fails(strategy, 0));
        assertEquals(1000, strategy.backoffMillis(0));
        assertTrue(fails(strategy, 60_001));
        assertFalse(fails(strategy, 90_000));
    }

    @Test
    void describesItself() {
        assertEquals(
                "failure-rate (max-failures-per-interval 2, failure-rate-interval 1000 ms, delay 100 ms)",
                new FailureRateRestartStrategy(2, 1000, 100).description());
    }

    private static boolean fails(RestartStrategy strategy, long at) {
        assertTrue(strategy.notifyFailure(at));
        return strategy.canRestart(at);
    }
}
