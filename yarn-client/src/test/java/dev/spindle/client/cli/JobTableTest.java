package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.rest.RestMessages.JobOverview;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTableTest {
    private static final long T0 = 1_700_000_000_000L; // 2023-11-14 22:13:20 UTC

    @Test
    void jobsThatHaveNotEndedComeFirstThenNewestFirst() {
        List<JobOverview> jobs = List.of(
                job("00000000000000000000000000000001", "FINISHED", T0, 850, "first"),
                job("00000000000000000000000000000002", "RUNNING", T0 + 1_000, 65_000, "second job"),
                job("00000000000000000000000000000003", "CANCELED", T0 + 2_000, 12_345, "third"),
                job("00000000000000000000000000000004", "CREATED", T0 + 3_000, 0, "fourth"),
                new JobOverview(
                        "00000000000000000000000000000005",
                        "flaky",
                        "RESTARTING",
                        T0 + 500,
                        -1,
                        3_000,
                        Map.of("total", 1),
                        12));

        List<String> lines = JobTable.lines(jobs, ZoneOffset.UTC);

        assertEquals(
                List.of(
                        "JOB ID                            STATE       START TIME            DURATION  NAME        RESTARTS",
                        "00000000000000000000000000000004  CREATED     2023-11-14 22:13:23        0ms  fourth             0",
                        "00000000000000000000000000000002  RUNNING     2023-11-14 22:13:21     1m 05s  second job         0",
                        "00000000000000000000000000000005  RESTARTING  2023-11-14 22:13:20       3.0s  flaky             12",
                        "00000000000000000000000000000003  CANCELED    2023-11-14 22:13:22      12.3s  third              0",
                        "00000000000000000000000000000001  FINISHED    2023-11-14 22:13:20      850ms  first              0"),
                lines);
    }

    @Test
    void noJobsNoLines() {
        assertEquals(List.of(), JobTable.lines(List.of(), ZoneOffset.UTC));
    }

    @Test
    void aJobWithoutStartTimeShowsADash() {
        List<String> lines =
                JobTable.lines(List.of(job("00000000000000000000000000000001", "CREATED", -1, 0, "x")), ZoneOffset.UTC);

        assertEquals(
                "00000000000000000000000000000001  CREATED     -                          0ms  x            0",
                lines.get(1));
    }

    @Test
    void durationsAreShortAndReadable() {
        assertEquals("0ms", JobTable.duration(0));
        assertEquals("999ms", JobTable.duration(999));
        assertEquals("1.0s", JobTable.duration(1_000));
        assertEquals("59.9s", JobTable.duration(59_940));
        assertEquals("1m 00s", JobTable.duration(60_000));
        assertEquals("59m 59s", JobTable.duration(3_599_999));
        assertEquals("2h 07m", JobTable.duration(2 * 3_600_000 + 7 * 60_000 + 30_000));
    }

    @Test
    void theRestartCountIsTheLastFieldWhateverTheName() {
        List<String> lines = JobTable.lines(
                List.of(new JobOverview(
                        "00000000000000000000000000000001", "my  spaced job", "RUNNING", T0, -1, 0, Map.of(), 3)),
                ZoneOffset.UTC);

        String[] fields = lines.get(1).trim().split("\\s+");
        assertEquals("00000000000000000000000000000001", fields[0]);
        assertEquals("RUNNING", fields[1]);
        assertEquals("3", fields[fields.length - 1]);
        assertEquals("RESTARTS", lines.get(0).substring(lines.get(0).length() - 8));
    }

    @Test
    void restartingIsNotEndedAndUnknownStatesCountAsNotEnded() {
        assertEquals(false, JobTable.ended(job("00000000000000000000000000000001", "RESTARTING", T0, 0, "x")));
        assertEquals(false, JobTable.ended(job("00000000000000000000000000000001", "RECONCILING", T0, 0, "x")));
        assertEquals(true, JobTable.ended(job("00000000000000000000000000000001", "FAILED", T0, 0, "x")));
    }

    private static JobOverview job(String id, String state, long start, long duration, String name) {
        return new JobOverview(id, name, state, start, -1, duration, Map.of("total", 1));
    }
}
