package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository's documentation links only to files and headings that exist. */
class DocLinksTest {

    @Test
    void relativeLinksOfTheDocsLeadSomewhere() throws IOException {
        Path root = Scripts.repositoryRoot();
        List<Path> files = documentation(root);
        assertTrue(files.size() >= 3, "expected README.md, CHANGELOG.md and docs/*.md, found " + files);
        List<String> broken = new MarkdownLinks(root).brokenLinks(files);
        assertEquals(List.of(), broken, "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void brokenFilesAndAnchorsAreNamedWithTheirLine(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/guide.md"), """
                # A guide

                ## The `spindle` command
                ## Per-job mode on YARN
                """);
        Files.writeString(root.resolve("README.md"), """
                # Title
                [guide](docs/guide.md), [command](docs/guide.md#the-spindle-command), [top](#title)
                [gone](docs/gone.md) and [anchor](docs/guide.md#per-job) and `[code](nowhere.md)`
                ```
                [fenced](nowhere.md)
                ```
                [web](https://example.org/x.md) [self](#no-such-heading)
                [ref]: docs/missing.md
                """);
        assertEquals(
                List.of(
                        "README.md:3: (docs/gone.md): docs/gone.md does not exist",
                        "README.md:3: (docs/guide.md#per-job): docs/guide.md has no heading with the anchor #per-job",
                        "README.md:7: (#no-such-heading): README.md has no heading with the anchor #no-such-heading",
                        "README.md:8: (docs/missing.md): docs/missing.md does not exist"),
                new MarkdownLinks(root).brokenLinks(List.of(root.resolve("README.md"))));
    }

    @Test
    void slugsAreGitHubs() {
        assertEquals("the-spindle-command", MarkdownLinks.slug("The `spindle` command"));
        assertEquals("w1--wordcount-batch", MarkdownLinks.slug("W1 — WordCount (batch)"));
        assertEquals("scriptsstandalone-cluster", MarkdownLinks.slug("`scripts/standalone-cluster`"));
    }

    /** README.md, CHANGELOG.md and every Markdown file in docs/. */
    static List<Path> documentation(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String top : List.of("README.md", "CHANGELOG.md")) {
            if (Files.exists(root.resolve(top))) {
                files.add(root.resolve(top));
            }
        }
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }
}
