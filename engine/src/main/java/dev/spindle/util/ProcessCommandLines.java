package dev.spindle.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The full command line of another process. The JDK's {@link ProcessHandle.Info#commandLine()} and
 * {@link ProcessHandle.Info#arguments()} are empty on Linux once a command line passes a page (4 KB),
 * as a JVM's with a long class path does (a TaskManager's, an ApplicationMaster's), so this reads
 * {@code /proc/<pid>/cmdline}; where that cannot be read (no {@code /proc}) the JDK's is the best
 * there is.
 */
public final class ProcessCommandLines {
    private static final Path PROC = Path.of("/proc");

    private ProcessCommandLines() {}

    /** The process's command and arguments joined by spaces; empty when unknown (gone, or not readable). */
    public static Optional<String> of(ProcessHandle process) {
        Optional<List<String>> words = words(process);
        if (words.isPresent()) {
            return words.get().isEmpty() ? Optional.empty() : Optional.of(String.join(" ", words.get()));
        }
        return process.info().commandLine();
    }

    /** The process's arguments, without the command; empty when unknown. */
    public static List<String> arguments(ProcessHandle process) {
        Optional<List<String>> words = words(process);
        if (words.isPresent()) {
            List<String> all = words.get();
            return all.isEmpty() ? List.of() : all.subList(1, all.size());
        }
        return process.info().arguments().map(Arrays::asList).orElse(List.of());
    }

    /** The words of /proc/PID/cmdline (each ends with a NUL); empty when that file cannot be read. */
    private static Optional<List<String>> words(ProcessHandle process) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(
                    PROC.resolve(Long.toString(process.pid())).resolve("cmdline"));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        return Optional.of(split(new String(bytes, StandardCharsets.UTF_8)));
    }

    static List<String> split(String cmdline) {
        List<String> words = new ArrayList<>();
        int start = 0;
        while (start < cmdline.length()) {
            int end = cmdline.indexOf('\0', start);
            if (end < 0) {
                end = cmdline.length(); // a process that rewrote its command line may drop the last NUL
            }
            words.add(cmdline.substring(start, end));
            start = end + 1;
        }
        return List.copyOf(words);
    }
}
