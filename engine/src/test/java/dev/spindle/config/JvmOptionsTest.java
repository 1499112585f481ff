package dev.spindle.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {
    private static List<String> taskManagerOptions(Configuration config) {
        return config.get(ClusterOptions.TASK_MANAGER_JVM_OPTIONS).items();
    }

    private static List<String> fromDynamicProperty(String value) {
        Configuration config = new Configuration();
        config.setString("env.java.opts.taskmanager", value);
        return taskManagerOptions(config);
    }

    @Test
    void aStringWithoutSemicolonIsSplitOnWhitespaceAsBefore() {
        assertEquals(List.of("-Xss2m", "-Dfoo=bar"), fromDynamicProperty("-Xss2m -Dfoo=bar"));
        assertEquals(List.of("-XX:+UseParallelGC", "-Dx=y"), fromDynamicProperty("  -XX:+UseParallelGC \t -Dx=y "));
        assertEquals(List.of(), fromDynamicProperty("   "));
        assertEquals(List.of(), taskManagerOptions(new Configuration()));
    }

    @Test
    void aCommaStaysInsideItsOption() {
        assertEquals(
                List.of("-XX:CompileCommand=quiet,exclude", "-Xss2m"),
                fromDynamicProperty("-XX:CompileCommand=quiet,exclude -Xss2m"));
    }

    @Test
    void semicolonsSeparateOptionsThatHoldSpaces() {
        assertEquals(
                List.of("-Dgreeting=hello world", "-Xss2m"), fromDynamicProperty("-Dgreeting=hello world; -Xss2m"));
    }

    @Test
    void aYamlListGivesOneOptionAnItemWithItsSpacesAndCommas() {
        Configuration config = Configuration.fromMap(YamlConfigFile.parse(
                String.join(
                        "\n",
                        "env:",
                        "  java:",
                        "    opts:",
                        "      taskmanager:",
                        "        - -Dgreeting=hello world",
                        "        - -XX:CompileCommand=quiet,exclude",
                        "        - -Xss2m",
                        ""),
                "config.yaml"));

        assertEquals(
                List.of("-Dgreeting=hello world", "-XX:CompileCommand=quiet,exclude", "-Xss2m"),
                taskManagerOptions(config));
    }

    @Test
    void aValueSetInCodeReadsBackTheSameItems() {
        JvmOptions options = new JvmOptions(List.of("-Dgreeting=hello world", "-XX:CompileCommand=a,b"));
        Configuration config = new Configuration();
        config.set(ClusterOptions.TASK_MANAGER_JVM_OPTIONS, options);

        assertEquals(options, config.get(ClusterOptions.TASK_MANAGER_JVM_OPTIONS));
        assertEquals(
                "-Dgreeting=hello world;-XX:CompileCommand=a,b", config.toMap().get("env.java.opts.taskmanager"));
    }
}
