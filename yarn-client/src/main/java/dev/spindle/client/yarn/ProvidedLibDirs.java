package dev.spindle.client.yarn;

import dev.spindle.yarn.YarnOptions;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The jars of {@code yarn.provided.lib.dirs} (Flink's option): Spindle's runtime already on the
 * cluster's file system, which the containers run instead of the client's own {@code lib/}, so
 * that a deployment uploads nothing but the user's jars and the cluster's files. Read before
 * anything is submitted: a directory that is missing, or that lacks the ApplicationMaster's jar,
 * fails the deployment with one line that names the option.
 */
final class ProvidedLibDirs {
    /** A jar in a provided directory, on its file system. */
    record ProvidedJar(FileSystem fs, FileStatus status) {
        /** Where the containers see it: {@code lib/<name>}, as an uploaded runtime jar. */
        String linkName() {
            return "lib/" + status.getPath().getName();
        }
    }

    private ProvidedLibDirs() {}

    /**
     * The jars ({@code *.jar} files directly in the directories), by name; where two directories
     * hold a jar of the same name, the first directory's, as on a classpath. Empty when no directory
     * is given.
     */
    static List<ProvidedJar> jarsOf(Configuration hadoopConfig, List<String> dirs) throws ClusterDeploymentException {
        Map<String, ProvidedJar> jars = new LinkedHashMap<>();
        for (String dir : dirs) {
            if (dir.isBlank()) {
                continue;
            }
            Path path = new Path(dir.trim());
            try {
                FileSystem fs = path.getFileSystem(hadoopConfig);
                Path qualified = fs.makeQualified(path);
                if (!status(fs, qualified).isDirectory()) {
                    throw error(qualified + " is not a directory");
                }
                FileStatus[] files = fs.listStatus(qualified);
                Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
                for (FileStatus file : files) {
                    if (file.isFile() && file.getPath().getName().endsWith(".jar")) {
                        jars.putIfAbsent(file.getPath().getName(), new ProvidedJar(fs, file));
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new ClusterDeploymentException(
                        YarnOptions.PROVIDED_LIB_DIRS.key() + ": cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        if (!jars.isEmpty() && jars.keySet().stream().noneMatch(name -> name.startsWith("spindle-yarn-am"))) {
            throw error("no spindle-yarn-am jar in " + String.join(", ", dirs)
                    + ": copy all of Spindle's lib/ there, of the client's version");
        }
        if (jars.isEmpty() && dirs.stream().anyMatch(d -> !d.isBlank())) {
            throw error("no jar in " + String.join(", ", dirs) + ": copy Spindle's lib/ there");
        }
        return List.copyOf(jars.values());
    }

    private static FileStatus status(FileSystem fs, Path dir) throws ClusterDeploymentException, IOException {
        try {
            return fs.getFileStatus(dir);
        } catch (FileNotFoundException e) {
            throw error("no directory " + dir + "; copy Spindle's lib/ there (e.g. 'hadoop fs -put "
                    + "$SPINDLE_HOME/lib " + dir + "') or correct the option");
        }
    }

    private static ClusterDeploymentException error(String problem) {
        return new ClusterDeploymentException(YarnOptions.PROVIDED_LIB_DIRS.key() + ": " + problem);
    }
}
