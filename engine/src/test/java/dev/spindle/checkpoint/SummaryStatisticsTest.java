package dev.spindle.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The summary of completed checkpoints: min, max and average over all, percentiles over a window. */
class SummaryStatisticsTest {

    @Test
    void withoutValuesEverythingIsZero() {
        assertEquals(CheckpointStats.Statistic.EMPTY, new SummaryStatistics().snapshot());
    }

    @Test
    void nearestRankPercentilesOfOneToHundred() {
        SummaryStatistics s = new SummaryStatistics();
        for (long v = 100; v >= 1; v--) {
            s.add(v);
        }

        assertEquals(new CheckpointStats.Statistic(100, 1, 100, 50, 50, 90, 95, 99, 100), s.snapshot());
    }

    @Test
    void percentilesForgetOldValuesWhileMinMaxAndAverageKeepThem() {
        SummaryStatistics s = new SummaryStatistics();
        s.add(1_000_000);
        for (int i = 0; i < SummaryStatistics.WINDOW; i++) {
            s.add(7);
        }

        CheckpointStats.Statistic st = s.snapshot();

        assertEquals(SummaryStatistics.WINDOW + 1, st.count());
        assertEquals(7, st.min());
        assertEquals(1_000_000, st.max());
        assertEquals((1_000_000 + 7L * SummaryStatistics.WINDOW) / (SummaryStatistics.WINDOW + 1), st.average());
        assertEquals(7, st.p999());
    }
}
