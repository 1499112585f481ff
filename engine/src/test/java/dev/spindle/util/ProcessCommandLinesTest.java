package dev.spindle.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessCommandLinesTest {

    @Test
    void readsTheWholeCommandLineOfAChildPastFourKilobytes() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/cmdline")), "no /proc");
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "read line", "sh"));
        for (int i = 0; i < 10; i++) {
            command.add("argument-" + i + "-" + "x".repeat(1000));
        }
        command.add("with space");
        Process child = new ProcessBuilder(command).start();
        try {
            assertTrue(String.join(" ", command).length() > 10_000);
            assertEquals(command.subList(1, command.size()), ProcessCommandLines.arguments(child.toHandle()));
            assertEquals(Optional.of(String.join(" ", command)), ProcessCommandLines.of(child.toHandle()));
        } finally {
            child.getOutputStream().close(); // ends the read
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(Optional.empty(), ProcessCommandLines.of(child.toHandle()));
        assertEquals(List.of(), ProcessCommandLines.arguments(child.toHandle()));
    }

    @Test
    void splitsAtEveryNulAndKeepsEmptyArguments() {
        assertEquals(List.of("java", "", "-cp", "a b"), ProcessCommandLines.split("java\0\0-cp\0a b\0"));
        assertEquals(List.of("renamed process"), ProcessCommandLines.split("renamed process"));
        assertEquals(List.of(), ProcessCommandLines.split(""));
    }
}
