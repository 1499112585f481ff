package dev.spindle.localyarn;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * A NodeManager in a JVM of its own, started from this JVM's classpath, as on a real cluster. Its
 * own JVM because a JVM holds one Hadoop web app: the web apps register their pages in Guice's
 * static servlet filter, where the last one started wins (so the ResourceManager, in the cluster's
 * JVM, must be the only one there).
 *
 * <p>It runs in its directory, which holds its configuration ({@code conf/yarn-site.xml},
 * first on its classpath, where Hadoop looks for it), its local and log directories, and so its
 * containers' working directories: {@code scripts/local-yarn} finds what a killed cluster left
 * by that directory.
 */
final class NodeManagerProcess {
    static final String MAIN_CLASS = "org.apache.hadoop.yarn.server.nodemanager.NodeManager";
    /** A NodeManager's heap: it holds little; its containers are processes of their own. */
    private static final String HEAP = "-Xmx256m";

    private final Process process;
    private final Path logFile;

    private NodeManagerProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Writes {@code conf} into {@code <dir>/conf} and launches the NodeManager; it registers with the
     * ResourceManager of {@code conf} on its own, retrying until that one answers.
     *
     * @param logFile where its stdout and stderr go
     */
    static NodeManagerProcess start(Configuration conf, Path dir, Path logFile) throws IOException {
        Path confDir = dir.resolve("conf");
        Files.createDirectories(confDir);
        LocalYarnCluster.writeXml(conf, confDir.resolve("yarn-site.xml"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", "file:///");
        core.set("hadoop.tmp.dir", conf.get("hadoop.tmp.dir"));
        LocalYarnCluster.writeXml(core, confDir.resolve("core-site.xml"));

        ProcessBuilder builder = new ProcessBuilder(command(confDir))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        // Containers run the java this cluster runs (the NodeManager passes JAVA_HOME on to them).
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return new NodeManagerProcess(builder.start(), logFile);
    }

    private static List<String> command(Path confDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        // Hadoop 3.4's web apps (Guice) fail on JDK 17 without it.
        command.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        // Quicker to start and lighter on a small machine; a NodeManager needs neither C2 nor a parallel GC.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        for (String property : List.of("java.io.tmpdir", "log4j.configuration")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-cp");
        command.add(confDir + File.pathSeparator + compactClasspath(System.getProperty("java.class.path")));
        command.add(MAIN_CLASS);
        return command;
    }

    /**
     * {@code classpath} with the jars of a directory that are all on it written as {@code dir/*}, as
     * {@code scripts/local-yarn} wrote them: the JVM expands wildcards, and the NodeManager's command
     * line would otherwise name 140 jars (too long for {@code ps} and for the JDK's
     * {@code ProcessHandle.Info}, with which tools find the NodeManagers). Order is kept, each
     * directory at its first jar.
     */
    static String compactClasspath(String classpath) {
        List<String> entries = List.of(classpath.split(File.pathSeparator));
        Map<Path, Set<String>> jarsByDir = new LinkedHashMap<>();
        for (String entry : entries) {
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && path.getParent() != null) {
                jarsByDir
                        .computeIfAbsent(path.getParent(), d -> new HashSet<>())
                        .add(path.getFileName().toString());
            }
        }
        List<String> compact = new ArrayList<>();
        Set<Path> written = new HashSet<>();
        for (String entry : entries) {
            Path path = Path.of(entry);
            Path dir = path.getParent();
            if (entry.endsWith(".jar") && dir != null && jarsByDir.get(dir).equals(jarsIn(dir))) {
                if (written.add(dir)) {
                    compact.add(dir.resolve("*").toString());
                }
            } else {
                compact.add(entry);
            }
        }
        return String.join(File.pathSeparator, compact);
    }

    private static Set<String> jarsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".jar"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of(); // then each of its jars is written out
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    /** Asks the NodeManager to stop (SIGTERM, on which it kills its containers). */
    void terminate() {
        process.destroy();
    }

    /**
     * Waits at most {@code millis} for it to end after {@link #terminate}, then kills it.
     *
     * @return whether it ended on its own
     */
    boolean awaitOrKill(long millis) throws InterruptedException {
        if (process.waitFor(millis, TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        return false;
    }

    /** For messages: a NodeManager that exited early says why at the end of its log. */
    String describe() {
        return "NodeManager pid " + process.pid() + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")")
                + ", log " + logFile;
    }
}
