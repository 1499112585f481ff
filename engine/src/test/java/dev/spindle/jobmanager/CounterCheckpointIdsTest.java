package dev.spindle.jobmanager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.ha.InMemoryCheckpointIdCounter;
import org.junit.jupiter.api.Test;

/** Checkpoint ids from a job's counter: the counter's, raised past the smallest allowed where it lags. */
class CounterCheckpointIdsTest {
    @Test
    void theCountersIdsAreTakenAndALaggingCounterIsRaisedForTheNextLeader() throws Exception {
        InMemoryCheckpointIdCounter counter = new InMemoryCheckpointIdCounter();
        counter.setCount(42); // an earlier leader took 1..41
        CounterCheckpointIds ids = new CounterCheckpointIds(counter);

        assertEquals(42, ids.next(1));
        assertEquals(43, ids.next(43));
        assertEquals(44, counter.get());

        assertEquals(101, ids.next(101), "a restored savepoint's id 100 comes first");
        assertEquals(102, counter.get(), "and the counter follows, for the next leader");
        assertEquals(102, ids.next(5));
    }
}
