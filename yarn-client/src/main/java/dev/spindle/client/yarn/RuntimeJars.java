package dev.spindle.client.yarn;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jars that form the classpath of the cluster's containers: the client's runtime classpath
 * ({@code yarn-client/target/lib}, which holds the yarn-am and engine jars and their dependencies),
 * found next to the client's own classes or jar; in the distribution, {@code lib/}, where the
 * client's jar is too.
 */
public final class RuntimeJars {
    private RuntimeJars() {}

    /** The jars of {@code libDir}, sorted by name. */
    public static List<Path> in(Path libDir) throws ClusterDeploymentException {
        if (!Files.isDirectory(libDir)) {
            throw new ClusterDeploymentException("the runtime jars for the cluster are missing: no directory " + libDir
                    + "; build the project (mvn -DskipTests package)");
        }
        try (Stream<Path> files = Files.list(libDir)) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
            if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith("spindle-yarn-am"))) {
                throw new ClusterDeploymentException("no spindle-yarn-am jar in " + libDir + "; build the project");
            }
            return jars;
        } catch (IOException e) {
            throw new ClusterDeploymentException(
                    "cannot list the runtime jars in " + libDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code lib/} next to the client's jar, or {@code target/lib} when the client runs from {@code
     * target/classes}; in the distribution, where the client's jar is itself in {@code lib/} with the
     * cluster's jars, that directory.
     */
    public static Path defaultLibDir() {
        try {
            Path self = Path.of(RuntimeJars.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return libDirNextTo(self);
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("lib");
        }
    }

    /** The runtime jars' directory for the client's jar or classes directory {@code self}. */
    static Path libDirNextTo(Path self) {
        Path sibling = self.getParent().resolve("lib");
        if (!Files.isDirectory(sibling) && Files.isRegularFile(self) && holdsAmJar(self.getParent())) {
            return self.getParent();
        }
        return sibling;
    }

    private static boolean holdsAmJar(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("spindle-yarn-am"));
        } catch (IOException e) {
            return false;
        }
    }
}
