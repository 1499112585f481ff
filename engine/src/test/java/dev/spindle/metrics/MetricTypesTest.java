package dev.spindle.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metric types' arithmetic, with exact values. */
class MetricTypesTest {

    @Test
    void simpleCounterCountsUpAndDown() {
        SimpleCounter c = new SimpleCounter();
        c.inc();
        c.inc(10);
        c.dec();
        c.dec(3);
        assertEquals(7, c.getCount());
    }

    @Test
    void threadSafeCounterLosesNoUpdateOfConcurrentWriters() throws Exception {
        ThreadSafeSimpleCounter c = new ThreadSafeSimpleCounter();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    c.inc();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(40_000, c.getCount());
    }

    @Test
    void meterViewRateIsTheCountersGrowthOverItsSpan() {
        SimpleCounter counter = new SimpleCounter();
        MeterView meter = new MeterView(counter, 5);
        meter.markEvent(50);
        assertEquals(0.0, meter.getRate()); // not yet updated: marking computes nothing
        meter.update();
        assertEquals(10.0, meter.getRate());
        counter.inc(25);
        meter.update();
        assertEquals(5.0, meter.getRate());
        meter.update();
        assertEquals(0.0, meter.getRate());
        assertEquals(75, meter.getCount());
    }

    @Test
    void meterViewOverAMinuteAveragesOverTwelveUpdates() {
        MeterView meter = new MeterView(new SimpleCounter(), 60);
        meter.markEvent(120);
        meter.update();
        assertEquals(2.0, meter.getRate());
        for (int i = 0; i < 11; i++) {
            meter.update();
        }
        assertEquals(2.0, meter.getRate()); // 12 updates of 5 s: the events are still in the span
        meter.update();
        assertEquals(0.0, meter.getRate());
    }

    @Test
    void reservoirHistogramKeepsTheLastValuesOnly() {
        ReservoirHistogram h = new ReservoirHistogram(4);
        for (long v = 1; v <= 6; v++) {
            h.update(v);
        }
        HistogramStatistics s = h.getStatistics();
        assertEquals(6, h.getCount());
        assertEquals(4, s.size());
        assertArrayEquals(new long[] {3, 4, 5, 6}, s.getValues());
        assertEquals(3, s.getMin());
        assertEquals(6, s.getMax());
        assertEquals(4.5, s.getMean());
        assertEquals(4.0, s.getQuantile(0.5));
        assertEquals(6.0, s.getQuantile(0.99));
        assertEquals(3.0, s.getQuantile(0.0));
        assertEquals(Math.sqrt(5.0 / 3.0), s.getStdDev(), 1e-12);
    }

    @Test
    void emptyHistogramHasZeroStatistics() {
        HistogramStatistics s = new ReservoirHistogram().getStatistics();
        assertEquals(0, s.size());
        assertEquals(0, s.getMin());
        assertEquals(0, s.getMax());
        assertEquals(0.0, s.getMean());
        assertEquals(0.0, s.getQuantile(0.95));
        assertThrows(IllegalArgumentException.class, () -> s.getQuantile(1.5));
    }
}
