package dev.spindle.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLoggerTest {

    @Test
    void writesTheFirstFewOfAnIntervalAndSumsUpTheRest() throws Exception {
        try (CapturedWarnings captured = new CapturedWarnings(RateLimitedLoggerTest.class)) {
            RateLimitedLogger log = new RateLimitedLogger(
                    LoggerFactory.getLogger(RateLimitedLoggerTest.class), "refusals", 3, Duration.ofMillis(300));
            for (int i = 0; i < 10; i++) {
                log.warn("refused {}", i);
            }
            assertEquals(List.of("refused 0", "refused 1", "refused 2"), captured.lines());
            awaitLines(captured, 4);
            assertEquals("7 more refusals in the last 300 ms", captured.lines().get(3));
            assertEquals(3, log.written());
            assertEquals(7, log.suppressed());

            log.warn("refused {}", 10); // a new interval: written in full, and no second summary
            assertEquals(
                    List.of("refused 0", "refused 1", "refused 2", "7 more refusals in the last 300 ms", "refused 10"),
                    captured.lines());
        }
    }

    private static void awaitLines(CapturedWarnings captured, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (captured.lines().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
