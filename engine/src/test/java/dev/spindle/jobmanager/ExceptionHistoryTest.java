package dev.spindle.jobmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.cluster.gateway.RemoteFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionHistoryTest {
    private static final ExceptionHistory.Location TM = new ExceptionHistory.Location("tm-1", "10.0.0.5:41000");

    @Test
    void keepsTheNewestFirstUpToItsSize() {
        ExceptionHistory h = ExceptionHistory.empty(3);
        for (long t = 1; t <= 3; t++) {
            h = h.with(entry(t));
        }
        assertEquals(List.of(3L, 2L, 1L), timestamps(h));
        assertFalse(h.truncated(), "nothing dropped yet");

        h = h.with(entry(4)).with(entry(5));

        assertEquals(List.of(5L, 4L, 3L), timestamps(h));
        assertTrue(h.truncated());
        assertEquals(5, h.latest().timestamp());
    }

    @Test
    void anEmptyHistoryHasNoLatest() {
        ExceptionHistory h = ExceptionHistory.empty(16);

        assertEquals(List.of(), h.entries());
        assertNull(h.latest());
        assertFalse(h.truncated());
        assertEquals(16, h.maxSize());
    }

    @Test
    void sizeZeroKeepsNothingButSaysSo() {
        ExceptionHistory h = ExceptionHistory.empty(0).with(entry(1));

        assertEquals(List.of(), h.entries());
        assertTrue(h.truncated());
    }

    @Test
    void addingLeavesTheOriginalAsItWas() {
        ExceptionHistory before = ExceptionHistory.empty(2).with(entry(1));

        ExceptionHistory after = before.with(entry(2));

        assertEquals(List.of(1L), timestamps(before));
        assertEquals(List.of(2L, 1L), timestamps(after));
        assertThrows(UnsupportedOperationException.class, () -> after.entries().clear());
    }

    @Test
    void aRemoteFailureKeepsItsOriginalClassAndTrace() {
        String trace = "java.io.IOException: disk full\n\tat com.example.Sink.write(Sink.java:42)\n";
        RemoteFailure failure = new RemoteFailure("java.io.IOException", "disk full", trace);

        ExceptionHistory.Entry e = ExceptionHistory.Entry.of(failure, 1234, "Sink: files (2/4)", TM);

        assertEquals(new ExceptionHistory.Entry("java.io.IOException", trace, 1234, "Sink: files (2/4)", TM), e);
    }

    @Test
    void aLocalFailureIsNamedByItsClassWithTheWholeTrace() {
        IllegalStateException failure = new IllegalStateException("boom", new ArithmeticException("/ by zero"));

        ExceptionHistory.Entry e = ExceptionHistory.Entry.of(failure, 5, "Map (1/1)", ExceptionHistory.Location.LOCAL);

        assertEquals("java.lang.IllegalStateException", e.exceptionName());
        assertTrue(e.stacktrace().startsWith("java.lang.IllegalStateException: boom\n"), e.stacktrace());
        assertTrue(e.stacktrace().contains("Caused by: java.lang.ArithmeticException: / by zero"), e.stacktrace());
        assertEquals(new ExceptionHistory.Location("local", "local"), e.location());
    }

    @Test
    void aTaskThatFailedWithoutACauseIsRecordedToo() {
        ExceptionHistory.Entry e = ExceptionHistory.Entry.of(null, 9, "Map (1/1)", null);

        assertEquals("java.lang.Throwable", e.exceptionName());
        assertEquals("java.lang.Throwable: the task failed without a cause", e.stacktrace());
    }

    private static ExceptionHistory.Entry entry(long timestamp) {
        return new ExceptionHistory.Entry(
                "java.lang.RuntimeException", "trace " + timestamp, timestamp, "Map (1/1)", TM);
    }

    private static List<Long> timestamps(ExceptionHistory h) {
        return h.entries().stream().map(ExceptionHistory.Entry::timestamp).toList();
    }
}
