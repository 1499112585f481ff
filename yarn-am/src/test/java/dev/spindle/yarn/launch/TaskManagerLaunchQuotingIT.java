package dev.spindle.yarn.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TaskManagerLaunchContexts#quote} against a real bash, as the NodeManager's launch script
 * runs a container's command; an IT because it starts a process.
 */
class TaskManagerLaunchQuotingIT {
    @TempDir
    Path dir;

    @Test
    void quotedWordsSurviveTheNodeManagersTwoShells() throws Exception {
        List<String> words = List.of(
                "plain", "two words", "it's", "$HOME", "`id`", "say \"hi\"", "back\\slash", "Outer$Inner", "a=b;c");
        List<String> quoted = new ArrayList<>();
        for (String w : words) {
            quoted.add(TaskManagerLaunchContexts.quote(w));
        }
        // What the NodeManager's launch_container.sh does with a command.
        Path script = dir.resolve("launch.sh");
        Files.writeString(script, "exec /bin/bash -c \"printf '%s\\n' " + String.join(" ", quoted) + "\"\n");
        Process p = new ProcessBuilder("bash", script.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(words, List.of(out.split("\n")));
    }
}
