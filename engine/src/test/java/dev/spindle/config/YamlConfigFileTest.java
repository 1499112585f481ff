package dev.spindle.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlConfigFileTest {
    @Test
    void flatAndNestedKeysListsCommentsAndQuotesAreRead() {
        String yaml = String.join(
                "\n",
                "# a comment",
                "parallelism.default: 3",
                "taskmanager:",
                "  numberOfTaskSlots: 2   # trailing comment",
                "  memory:",
                "    process.size: '1g'",
                "yarn:",
                "  tags: [a, \"b c\", d]",
                "  application:",
                "    name: \"with # hash\"",
                "env.java.opts.taskmanager:",
                "  - -XX:+UseG1GC",
                "  - -Dx=a,b",
                "rest.port: 8081",
                "");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("parallelism.default", "3");
        expected.put("taskmanager.numberOfTaskSlots", "2");
        expected.put("taskmanager.memory.process.size", "1g");
        expected.put("yarn.tags", "a;b c;d");
        expected.put("yarn.application.name", "with # hash");
        expected.put("env.java.opts.taskmanager", "-XX:+UseG1GC;-Dx=a,b");
        expected.put("rest.port", "8081");
        assertEquals(expected, YamlConfigFile.parse(yaml, "config.yaml"));
    }

    @Test
    void aListTypedOptionReadsAYamlList() {
        Configuration config = Configuration.fromMap(YamlConfigFile.parse("tags:\n- x\n- y\n", "c.yaml"));
        ConfigOption<List<String>> tags =
                ConfigOptions.key("tags").stringListType().defaultValue(List.of());
        assertEquals(List.of("x", "y"), config.get(tags));
        config.setString("tags", "p, q;r");
        assertEquals(List.of("p", "q", "r"), config.get(tags), "-D writes items with , or ;");
    }

    @Test
    void whatItCannotReadIsRefusedWithTheFileAndLine() {
        assertEquals(
                "c.yaml:2: expected 'key: value'",
                assertThrows(
                                IllegalConfigurationException.class,
                                () -> YamlConfigFile.parse("a: 1\njust text\n", "c.yaml"))
                        .getMessage());
        assertEquals(
                "c.yaml:1: a tab in the indentation; YAML indents with spaces",
                assertThrows(IllegalConfigurationException.class, () -> YamlConfigFile.parse("\ta: 1\n", "c.yaml"))
                        .getMessage());
        assertEquals(
                "c.yaml:1: a list item with no key above it",
                assertThrows(IllegalConfigurationException.class, () -> YamlConfigFile.parse("- a\n", "c.yaml"))
                        .getMessage());
        assertEquals(
                "c.yaml:1: '&anchor x' is YAML this file does not support (anchors, aliases, block strings, "
                        + "flow maps); write a plain value",
                assertThrows(
                                IllegalConfigurationException.class,
                                () -> YamlConfigFile.parse("a: &anchor x\n", "c.yaml"))
                        .getMessage());
    }

    @Test
    void theNearestKnownKeyIsSuggestedOnlyWhenClose() {
        List<String> known = List.of("parallelism.default", "taskmanager.numberOfTaskSlots", "yarn.tags");
        assertEquals("parallelism.default", KeySuggestions.nearest("paralelism.default", known));
        assertEquals("yarn.tags", KeySuggestions.nearest("yarn.tag", known));
        assertEquals(null, KeySuggestions.nearest("my.own.setting", known));
        assertEquals(3, KeySuggestions.distance("kitten", "sitting"));
    }
}
