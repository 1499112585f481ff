package dev.spindle.client.yarn;

import dev.spindle.yarn.MiniYarn;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A MiniDFSCluster (one DataNode, replication 1) as the default file system of a {@link MiniYarn}:
 * clients that read the written configuration stage on HDFS, and the NodeManagers localize from it,
 * as on a real cluster. One per test class.
 */
public final class MiniHdfsYarn implements AutoCloseable {
    private final MiniDFSCluster hdfs;
    private final MiniYarn yarn;

    private MiniHdfsYarn(MiniDFSCluster hdfs, MiniYarn yarn) {
        this.hdfs = hdfs;
        this.yarn = yarn;
    }

    /**
     * Starts HDFS under {@code target/minidfs-<name>} (MiniDFSCluster's default would be relative to
     * whoever's working directory), then YARN with HDFS as {@code fs.defaultFS}.
     */
    public static MiniHdfsYarn start(String name, Path confDir, int nodeMemoryMb) throws IOException {
        Configuration hdfsConf = new Configuration();
        hdfsConf.setInt("dfs.replication", 1);
        File base = new File("target/minidfs-" + name).getAbsoluteFile();
        MiniDFSCluster hdfs =
                new MiniDFSCluster.Builder(hdfsConf, base).numDataNodes(1).build();
        try {
            hdfs.waitActive();
            Configuration extra = new Configuration(false);
            extra.set(
                    CommonConfigurationKeysPublic.FS_DEFAULT_NAME_KEY,
                    hdfs.getFileSystem().getUri().toString());
            extra.setInt("dfs.replication", 1);
            return new MiniHdfsYarn(hdfs, MiniYarn.start(name, confDir, nodeMemoryMb, extra));
        } catch (IOException | RuntimeException e) {
            hdfs.shutdown(true);
            throw e;
        }
    }

    public FileSystem fs() throws IOException {
        return hdfs.getFileSystem();
    }

    public MiniYarn yarn() {
        return yarn;
    }

    @Override
    public void close() {
        try {
            yarn.close();
        } finally {
            hdfs.shutdown(true);
        }
    }
}
