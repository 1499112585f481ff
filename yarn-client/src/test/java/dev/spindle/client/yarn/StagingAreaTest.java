package dev.spindle.client.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging area on the real local file system: the shared cache of runtime jars. */
class StagingAreaTest {
    @TempDir
    Path root;

    @Test
    void aRuntimeJarIsUploadedOnceAndSharedByLaterDeployments() throws Exception {
        Configuration conf = new Configuration();
        Path jar = Files.writeString(root.resolve("engine.jar"), "version 1", StandardCharsets.UTF_8);

        StagingArea first = StagingArea.create(conf, StagingArea.directoryOf(conf, root.toString(), app(1)));
        first.uploadShared(jar, StagingArea.cacheRootOf(first.directory()), "lib/engine.jar");
        StagingArea second = StagingArea.create(conf, StagingArea.directoryOf(conf, root.toString(), app(2)));
        second.uploadShared(jar, StagingArea.cacheRootOf(second.directory()), "lib/engine.jar");

        LocalResource a = first.localResources().get("lib/engine.jar");
        LocalResource b = second.localResources().get("lib/engine.jar");
        assertEquals(a.getResource(), b.getResource(), "both deployments use the one cached copy");
        assertEquals(a.getTimestamp(), b.getTimestamp(), "the copy was not written again");
        assertEquals(LocalResourceVisibility.PRIVATE, a.getVisibility());
        assertEquals(9, a.getSize());
        Path cached = Path.of(a.getResource().toPath().toUri());
        assertEquals("version 1", Files.readString(cached));
        assertTrue(cached.startsWith(root.resolve(".spindle").resolve(StagingArea.CACHE_DIRECTORY)), cached::toString);
        assertFalse(
                Files.exists(Path.of(first.directory().toUri()).resolve("lib")),
                "nothing of the jar in the application's directory");

        // The application's directory goes, the cache stays.
        assertTrue(StagingArea.delete(conf, first.directory()));
        assertTrue(Files.exists(cached));
    }

    @Test
    void aChangedJarGetsAnEntryOfItsOwn() throws Exception {
        Configuration conf = new Configuration();
        Path jar = root.resolve("engine.jar");
        Files.writeString(jar, "version 1", StandardCharsets.UTF_8);
        StagingArea first = StagingArea.create(conf, StagingArea.directoryOf(conf, root.toString(), app(1)));
        first.uploadShared(jar, StagingArea.cacheRootOf(first.directory()), "lib/engine.jar");

        Files.writeString(jar, "version 2!", StandardCharsets.UTF_8);
        StagingArea second = StagingArea.create(conf, StagingArea.directoryOf(conf, root.toString(), app(2)));
        second.uploadShared(jar, StagingArea.cacheRootOf(second.directory()), "lib/engine.jar");

        LocalResource a = first.localResources().get("lib/engine.jar");
        LocalResource b = second.localResources().get("lib/engine.jar");
        assertNotEquals(a.getResource(), b.getResource());
        assertEquals(
                "version 1", Files.readString(Path.of(a.getResource().toPath().toUri())));
        assertEquals(
                "version 2!", Files.readString(Path.of(b.getResource().toPath().toUri())));
        try (Stream<Path> files = Files.walk(root.resolve(".spindle").resolve(StagingArea.CACHE_DIRECTORY))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".")), "no partial upload left");
        }
    }

    private static ApplicationId app(int n) {
        return ApplicationId.newInstance(1_700_000_000_000L, n);
    }
}
