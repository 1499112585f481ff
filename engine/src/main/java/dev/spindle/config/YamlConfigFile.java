package dev.spindle.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code config.yaml}, the configuration file of an installation, in the subset of YAML that
 * Flink's file uses: flat keys ({@code taskmanager.numberOfTaskSlots: 2}) and nested maps
 * ({@code taskmanager:} / {@code  numberOfTaskSlots: 2}) both give the key
 * {@code taskmanager.numberOfTaskSlots}; lists, as {@code [a, b]} or as {@code - a} lines, give
 * their items joined by {@code ;} (how list-typed options are written); comments start with
 * {@code #}; scalars may be quoted. Anything else (anchors, multi-line strings, several documents)
 * is refused with the file and line, rather than read as something the user did not mean.
 */
public final class YamlConfigFile {
    private YamlConfigFile() {}

    /** The file's options, in file order. */
    public static Map<String, String> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * @param source the file's name, for messages
     * @throws IllegalConfigurationException naming {@code source} and the line of what it cannot read
     */
    public static Map<String, String> parse(String text, String source) {
        Map<String, String> options = new LinkedHashMap<>();
        List<Integer> indents = new ArrayList<>(); // of each open map level
        List<String> prefixes = new ArrayList<>();
        String listKey = null;
        int listIndent = -1;
        List<String> items = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = stripComment(lines[n]);
            if (line.isBlank()) {
                continue;
            }
            int indent = indentOf(line, source, n + 1);
            String content = line.strip();
            if (content.equals("---") && options.isEmpty() && indents.isEmpty()) {
                continue;
            }
            if (content.startsWith("- ") || content.equals("-")) {
                if (listKey == null || indent < listIndent) {
                    throw error(source, n + 1, "a list item with no key above it");
                }
                items.add(scalar(content.substring(1).strip(), source, n + 1));
                continue;
            }
            if (listKey != null) {
                if (!items.isEmpty()) {
                    options.put(listKey, String.join(";", items));
                }
                listKey = null;
                items.clear();
            }
            int colon = keyEnd(content);
            if (colon < 0) {
                throw error(source, n + 1, "expected 'key: value'");
            }
            String key = unquote(content.substring(0, colon).strip());
            String value = content.substring(colon + 1).strip();
            if (key.isEmpty()) {
                throw error(source, n + 1, "a key is empty");
            }
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                prefixes.remove(prefixes.size() - 1);
            }
            String fullKey = String.join("", prefixes) + key;
            if (value.isEmpty()) {
                // A nested map or a block list follows; which one, the next line says.
                indents.add(indent);
                prefixes.add(key + ".");
                listKey = fullKey;
                listIndent = indent;
            } else {
                options.put(
                        fullKey, value.startsWith("[") ? flowList(value, source, n + 1) : scalar(value, source, n + 1));
            }
        }
        if (listKey != null && !items.isEmpty()) {
            options.put(listKey, String.join(";", items));
        }
        return options;
    }

    private static String stripComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static int indentOf(String line, String source, int lineNumber) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        if (i < line.length() && line.charAt(i) == '\t') {
            throw error(source, lineNumber, "a tab in the indentation; YAML indents with spaces");
        }
        return i;
    }

    /** The index of the colon that ends the key: followed by a space or the end of the line. */
    private static int keyEnd(String content) {
        for (int i = 0; i < content.length(); i++) {
            if (content.charAt(i) == ':' && (i + 1 == content.length() || content.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static String flowList(String value, String source, int lineNumber) {
        if (!value.endsWith("]")) {
            throw error(source, lineNumber, "a list that starts with '[' must end with ']' on the same line");
        }
        String inner = value.substring(1, value.length() - 1).strip();
        List<String> items = new ArrayList<>();
        if (!inner.isEmpty()) {
            for (String item : inner.split(",", -1)) {
                items.add(scalar(item.strip(), source, lineNumber));
            }
        }
        return String.join(";", items);
    }

    private static String scalar(String value, String source, int lineNumber) {
        if (value.startsWith("&")
                || value.startsWith("*")
                || value.startsWith("|")
                || value.startsWith(">")
                || value.startsWith("{")) {
            throw error(
                    source,
                    lineNumber,
                    "'" + value + "' is YAML this file does not support "
                            + "(anchors, aliases, block strings, flow maps); write a plain value");
        }
        return unquote(value);
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static IllegalConfigurationException error(String source, int line, String what) {
        return new IllegalConfigurationException(source + ":" + line + ": " + what);
    }
}
