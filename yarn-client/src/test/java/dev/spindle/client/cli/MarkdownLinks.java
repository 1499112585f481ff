package dev.spindle.client.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the relative links of Markdown files that lead nowhere: {@code [text](path)},
 * {@code [text](path#anchor)}, {@code [text](#anchor)} and {@code [label]: path}, outside fenced
 * code blocks and inline code. A path must name an existing file or directory (relative to the
 * linking file); an anchor into a Markdown file must be the GitHub slug of one of its headings.
 * Absolute URLs ({@code scheme:}) are not checked.
 */
final class MarkdownLinks {
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("^\\s*\\[[^\\]]+\\]:\\s*(\\S+)");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private final Path root;
    private final Map<Path, Set<String>> anchors = new HashMap<>();

    MarkdownLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** One {@code file:line: problem} entry per broken link of {@code files}, paths relative to the root. */
    List<String> brokenLinks(List<Path> files) {
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = readLines(file);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.stripLeading().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                for (String target : targets(line)) {
                    String problem = check(file, target);
                    if (problem != null) {
                        broken.add(root.relativize(file.toAbsolutePath().normalize()) + ":" + (i + 1) + ": " + problem);
                    }
                }
            }
        }
        return broken;
    }

    private static List<String> targets(String line) {
        String text = INLINE_CODE.matcher(line).replaceAll("");
        List<String> targets = new ArrayList<>();
        Matcher inline = INLINE_LINK.matcher(text);
        while (inline.find()) {
            targets.add(inline.group(1));
        }
        Matcher reference = REFERENCE_LINK.matcher(text);
        if (reference.find()) {
            targets.add(reference.group(1));
        }
        return targets;
    }

    /** Null when the target exists, else what is wrong with it. */
    private String check(Path file, String target) {
        if (SCHEME.matcher(target).find()) {
            return null;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path linked = path.isEmpty()
                ? file
                : file.toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.exists(linked)) {
            return "(" + target + "): "
                    + root.relativize(linked.toAbsolutePath().normalize()) + " does not exist";
        }
        if (anchor != null
                && linked.toString().endsWith(".md")
                && !anchorsOf(linked).contains(anchor)) {
            return "(" + target + "): "
                    + root.relativize(linked.toAbsolutePath().normalize()) + " has no heading with the anchor #"
                    + anchor;
        }
        return null;
    }

    private Set<String> anchorsOf(Path file) {
        return anchors.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
            Set<String> slugs = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean fenced = false;
            for (String line : readLines(f)) {
                if (line.stripLeading().startsWith("```")) {
                    fenced = !fenced;
                }
                Matcher heading = HEADING.matcher(line);
                if (!fenced && heading.matches()) {
                    String slug = slug(heading.group(1));
                    int n = seen.merge(slug, 1, Integer::sum);
                    slugs.add(n == 1 ? slug : slug + "-" + (n - 1));
                }
            }
            return slugs;
        });
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
