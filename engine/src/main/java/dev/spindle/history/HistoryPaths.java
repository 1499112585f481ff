package dev.spindle.history;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one check between a request path (or a path inside an archive) and the local files of the
 * history server: only plain segments ({@code [A-Za-z0-9._~-]}, never {@code .} or {@code ..}, never
 * empty) pass, and the file must resolve inside its directory, so no path reaches a file elsewhere.
 */
final class HistoryPaths {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");

    private HistoryPaths() {}

    /** The segments of an absolute path ({@code /} has none); null when the path is not a plain one. */
    static List<String> segments(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        String rest = path.substring(1);
        if (rest.isEmpty()) {
            return segments;
        }
        for (String s : rest.split("/", -1)) {
            if (!SEGMENT.matcher(s).matches() || s.equals(".") || s.equals("..")) {
                return null;
            }
            segments.add(s);
        }
        return segments;
    }

    /** The JSON file of the view at {@code path} under {@code root}; null when the path is not a plain one. */
    static Path viewFile(Path root, String path) {
        List<String> segments = segments(path);
        if (segments == null || segments.isEmpty()) {
            return null;
        }
        Path file = root;
        for (int i = 0; i < segments.size(); i++) {
            file = file.resolve(i == segments.size() - 1 ? segments.get(i) + ".json" : segments.get(i));
        }
        Path normalized = file.normalize();
        return normalized.startsWith(root.normalize()) ? normalized : null;
    }
}
