package dev.spindle.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void parsesVmHwmInKibibytes() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmHWM:\t  123456 kB", "VmRSS:\t 100 kB");
        assertEquals(OptionalLong.of(123_456L * 1024), ProcessStats.parsePeakRssBytes(status));
    }

    @Test
    void absentOrMalformedFieldGivesEmpty() {
        assertEquals(OptionalLong.empty(), ProcessStats.parsePeakRssBytes(List.of("Name:\tjava")));
        assertEquals(OptionalLong.empty(), ProcessStats.parsePeakRssBytes(List.of("VmHWM:\t 12 MB")));
        assertEquals(OptionalLong.empty(), ProcessStats.parsePeakRssBytes(List.of("VmHWM:\t x kB")));
        assertEquals(OptionalLong.empty(), ProcessStats.parsePeakRssBytes(List.of()));
    }

    @Test
    void reportsThisProcessOnLinux() {
        String report = ProcessStats.peakRssReport();
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertTrue(ProcessStats.peakRssBytes().orElse(0) > 0);
            assertTrue(report.matches("peak_rss_mb=\\d+"), report);
        } else {
            assertEquals("peak_rss_mb=n/a", report);
        }
    }
}
