package dev.spindle.client.yarn;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * Loads a YARN cluster's client configuration: the {@code *-site.xml} files of the directory that
 * {@link YarnConfLocator} found (or that was given explicitly).
 */
public final class HadoopConfigs {
    private static final String[] FILES = {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"};

    private HadoopConfigs() {}

    /**
     * @param confDir a directory with the cluster's {@code *-site.xml}
     * @throws ClusterDeploymentException when there is no directory or it holds no yarn-site.xml
     */
    public static YarnConfiguration load(Path confDir) throws ClusterDeploymentException {
        if (confDir == null) {
            // Hadoop's defaults would have the client retry 0.0.0.0:8032 for minutes: say what is missing.
            throw new ClusterDeploymentException("no YARN cluster configured: set HADOOP_CONF_DIR or YARN_CONF_DIR "
                    + "to the directory with the cluster's yarn-site.xml");
        }
        YarnConfiguration conf = new YarnConfiguration();
        if (!Files.isRegularFile(confDir.resolve("yarn-site.xml"))) {
            throw new ClusterDeploymentException("no yarn-site.xml in " + confDir.toAbsolutePath()
                    + "; set HADOOP_CONF_DIR or YARN_CONF_DIR to the YARN cluster's configuration directory");
        }
        for (String f : FILES) {
            Path file = confDir.resolve(f);
            if (Files.isRegularFile(file)) {
                conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
            }
        }
        // Where it came from, for what else lives there (the local YARN cluster's ZooKeeper quorum).
        conf.set(CONF_DIR_KEY, confDir.toAbsolutePath().toString());
        return conf;
    }

    /** The property of a loaded configuration that names its directory; not a Hadoop setting. */
    public static final String CONF_DIR_KEY = "spindle.client.yarn-conf-dir";

    /** The directory {@code conf} was loaded from by {@link #load}, or null. */
    public static Path confDirOf(org.apache.hadoop.conf.Configuration conf) {
        String dir = conf.get(CONF_DIR_KEY);
        return dir == null ? null : Path.of(dir);
    }
}
