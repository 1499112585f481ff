package dev.spindle.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedExchangeTest {

    @AfterEach
    void resetContext() {
        StreamExecutionEnvironment.resetContext();
    }

    @Test
    void everyRecordCrossesTheExchangeOnce() {
        StreamExecutionEnvironment.initializeContext(() -> StreamExecutionEnvironment.createLocalEnvironment(2));
        // main() checks the sinks' counters itself and throws when a record is lost or duplicated.
        assertDoesNotThrow(() -> KeyedExchange.main(new String[] {"--records", "100001", "--keys", "7"}));
    }

    @Test
    void checkFailsOnALostRecord() {
        assertDoesNotThrow(() -> KeyedExchange.check(result(10, 55), 10));
        assertThrows(IllegalStateException.class, () -> KeyedExchange.check(result(9, 45), 10));
        assertThrows(IllegalStateException.class, () -> KeyedExchange.check(result(10, 54), 10));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> KeyedExchange.Arguments.parse(new String[0]));
        assertThrows(
                IllegalArgumentException.class, () -> KeyedExchange.Arguments.parse(new String[] {"--records", "0"}));
        assertThrows(
                IllegalArgumentException.class,
                () -> KeyedExchange.Arguments.parse(new String[] {"--records", "5", "--keys"}));
        assertEquals(
                new KeyedExchange.Arguments(5, 3, 2),
                KeyedExchange.Arguments.parse(new String[] {"--records", "5", "--keys", "3", "--parallelism", "2"}));
    }

    private static JobExecutionResult result(long records, long checksum) {
        return new JobExecutionResult(
                JobId.generate(),
                "KeyedExchange",
                Duration.ofMillis(1),
                Map.of(KeyedExchange.RECORDS_COUNTER, records, KeyedExchange.CHECKSUM_COUNTER, checksum));
    }
}
