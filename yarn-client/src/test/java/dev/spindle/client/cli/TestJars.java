package dev.spindle.client.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds job jars from compiled test classes, the way a user's build would package them. */
final class TestJars {
    private TestJars() {}

    /**
     * Writes {@code jar} with the class files of {@code classes} and their nested classes.
     *
     * @param mainClass the manifest's Main-Class, or null for none
     */
    static Path jar(Path jar, String mainClass, Class<?>... classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Class<?> c : classes) {
                addClassFiles(out, c);
            }
        }
        return jar;
    }

    private static void addClassFiles(JarOutputStream out, Class<?> c) throws IOException {
        Path root = classesRoot(c);
        String packagePath = c.getPackageName().replace('.', '/');
        Path dir = root.resolve(packagePath);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, c.getSimpleName() + "{.class,$*.class}")) {
            for (Path file : files) {
                out.putNextEntry(new JarEntry(packagePath + "/" + file.getFileName()));
                Files.copy(file, out); // leaves the jar open for the next entry
                out.closeEntry();
            }
        }
    }

    private static Path classesRoot(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("class path entry of " + c.getName() + " is not a path", e);
        }
    }
}
