package dev.spindle.cluster.resourcemanager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one-line explanation of a waiting slot request. */
class SlotWaitsTest {

    /** Seen on a standalone cluster capped at 4: the cap was blamed while the job's 4 TaskManagers started. */
    @Test
    void theCapIsNamedOnlyWhenItKeepsTheRequestWaiting() {
        SlotWaits.Supply starting = new SlotWaits.Supply(0, 0, 0, 0, 4, 1, 4, true, false);
        SlotWaits.Supply full = new SlotWaits.Supply(1, 4, 4, 0, 0, 1, 4, true, false);

        assertEquals(
                "waiting for 4 slots: 0 free of 0 in 0 TaskManagers, 0 TaskManagers pending, 4 starting",
                SlotWaits.explain(4, starting));
        assertEquals(
                "waiting for 2 slots: 1 free of 4 in 4 TaskManagers, 0 TaskManagers pending, 0 starting; "
                        + "the cluster is at slotmanager.number-of-slots.max = 4: waiting for other jobs to release slots",
                SlotWaits.explain(2, full));
    }

    @Test
    void aFixedSetOfTaskManagersAndPausedStartsAreSaid() {
        assertEquals(
                "waiting for 1 slot: 0 free of 2 in 1 TaskManager, 0 TaskManagers pending, 0 starting; "
                        + "this cluster starts no TaskManagers (a fixed set)",
                SlotWaits.explain(1, new SlotWaits.Supply(0, 2, 1, 0, 0, 1, Integer.MAX_VALUE, false, false)));
        assertEquals(
                "waiting for 1 slot: 0 free of 0 in 0 TaskManagers, 0 TaskManagers pending, 0 starting; "
                        + "TaskManager starts are paused after failing too often (resourcemanager.start-worker.max-failure-rate)",
                SlotWaits.explain(1, new SlotWaits.Supply(0, 0, 0, 0, 0, 1, Integer.MAX_VALUE, true, true)));
    }
}
