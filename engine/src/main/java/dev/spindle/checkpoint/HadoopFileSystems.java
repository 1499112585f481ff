package dev.spindle.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;

/**
 * Where the checkpoint storage (and the high-availability storage on a file system) gets Hadoop's
 * configuration and file systems from.
 */
public final class HadoopFileSystems {
    static final String HADOOP_CONF_DIR = "HADOOP_CONF_DIR";

    private HadoopFileSystems() {}

    /**
     * Hadoop's configuration as its clients read it: {@code core-site.xml} ({@code fs.defaultFS}) and
     * {@code hdfs-site.xml} (name services, client settings) from the classpath and from the
     * directory {@code HADOOP_CONF_DIR} names (the scripts' processes have no Hadoop directory on
     * their classpath), and the {@code yarn-site.xml} that a Spindle client ships to its YARN
     * containers (its whole merged client configuration under that name). Missing files are
     * skipped; without any, a fully qualified {@code hdfs://namenode:port/path} still works.
     */
    public static org.apache.hadoop.conf.Configuration configuration() {
        return ProcessConfiguration.INSTANCE;
    }

    /**
     * Read once per process: parsing Hadoop's XML files takes tens of milliseconds, and neither the
     * classpath nor the environment changes. Only read after it is built, which is thread-safe.
     */
    private static final class ProcessConfiguration {
        static final org.apache.hadoop.conf.Configuration INSTANCE = configuration(System.getenv());
    }

    static org.apache.hadoop.conf.Configuration configuration(Map<String, String> environment) {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        conf.addResource("hdfs-site.xml");
        conf.addResource("yarn-site.xml");
        String confDir = environment.get(HADOOP_CONF_DIR);
        if (confDir != null && !confDir.isBlank()) {
            for (String file : List.of("core-site.xml", "hdfs-site.xml")) {
                java.nio.file.Path site = java.nio.file.Path.of(confDir.trim(), file);
                if (Files.isRegularFile(site)) {
                    conf.addResource(new Path(site.toUri()));
                }
            }
        }
        return conf;
    }

    /** Hadoop's raw local file system for {@code file:} and scheme-less paths (no .crc files), else the scheme's. */
    public static FileSystem forUri(URI uri, org.apache.hadoop.conf.Configuration hadoopConf) throws IOException {
        if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
            return FileSystem.getLocal(hadoopConf).getRaw();
        }
        return FileSystem.get(uri, hadoopConf);
    }

    /** Why a directory's URI cannot be used: not a path, or no file system for its scheme. */
    public static String schemeProblem(String base, Exception e) {
        if (e instanceof IllegalArgumentException) {
            return "not a valid path or URI (" + e.getMessage() + ")";
        }
        String scheme = new Path(base).toUri().getScheme();
        return "no Hadoop file system for the scheme '" + scheme + "' (" + e.getMessage() + ")";
    }

    /**
     * What keeps {@code directory} from being used after {@code e}: a file in its path, or missing
     * permissions (found by walking up to the first ancestor that exists).
     */
    public static String directoryProblem(FileSystem fileSystem, Path directory, IOException e) {
        for (Path p = directory; p != null; p = p.getParent()) {
            try {
                FileStatus status = fileSystem.getFileStatus(p);
                if (!status.isDirectory()) {
                    return p + " is a file, not a directory";
                }
                if (e instanceof AccessDeniedException
                        || e instanceof AccessControlException
                        || String.valueOf(e.getMessage()).endsWith("(Permission denied)")) {
                    return "it is not writable (permission denied in " + p + ")";
                }
                break;
            } catch (FileNotFoundException missing) {
                // look at the parent
            } catch (IOException other) {
                break;
            }
        }
        return "it is not writable (" + e.getMessage() + ")";
    }
}
