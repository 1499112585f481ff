package dev.spindle.history.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.core.JobId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive file: Flink's format, written whole under the job's id, read back or refused. */
class JobArchivesTest {
    private static final List<ArchivedJson> VIEWS = List.of(
            new ArchivedJson("/jobs/overview", "{\"jobs\":[]}"),
            new ArchivedJson("/jobs/00000000000000000000000000000001", "{\"jid\":\"x\",\"name\":\"a \\\"b\\\"\"}"));

    @TempDir
    Path dir;

    @Test
    void writesFlinksFormat() throws IOException {
        assertEquals(
                "{\"archive\":[{\"path\":\"/jobs/overview\",\"json\":\"{\\\"jobs\\\":[]}\"},"
                        + "{\"path\":\"/jobs/00000000000000000000000000000001\","
                        + "\"json\":\"{\\\"jid\\\":\\\"x\\\",\\\"name\\\":\\\"a \\\\\\\"b\\\\\\\"\\\"}\"}]}",
                new String(JobArchives.toBytes(VIEWS), StandardCharsets.UTF_8));
    }

    @Test
    void writesOneFileNamedByTheJobIdAndReadsItBack() throws IOException {
        JobId jobId = JobId.fromHex("00000000000000000000000000000001");
        Path archiveDir = dir.resolve("archive");
        JobArchives.write(archiveDir.toUri().toString(), jobId, VIEWS);
        try (Stream<Path> files = Files.list(archiveDir)) {
            assertEquals(List.of(archiveDir.resolve(jobId.toString())), files.toList());
        }
        byte[] written = Files.readAllBytes(archiveDir.resolve(jobId.toString()));
        assertArrayEquals(JobArchives.toBytes(VIEWS), written);
        try (InputStream in = Files.newInputStream(archiveDir.resolve(jobId.toString()))) {
            assertEquals(VIEWS, JobArchives.read(in));
        }
        // written again (a job archived twice): replaced, still one file
        JobArchives.write(archiveDir.toString(), jobId, VIEWS.subList(0, 1));
        try (Stream<Path> files = Files.list(archiveDir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void refusesWhatIsNotAnArchive() {
        assertEquals("no \"archive\" array at the top", readError("{\"jobs\":[]}"));
        assertEquals(
                "an entry without a text \"path\" and \"json\": {\"path\":\"/a\"}",
                readError("{\"archive\":[{\"path\":\"/a\"}]}"));
        assertEquals(true, readError("{\"archive\":[").startsWith("not JSON: "));
    }

    private static String readError(String text) {
        return assertThrows(
                        IOException.class,
                        () -> JobArchives.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .getMessage();
    }
}
