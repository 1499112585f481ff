package dev.spindle.yarn.am;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Deletes the application's staging directory, on whatever file system the client put it. */
final class StagingDirectory {
    private StagingDirectory() {}

    static void delete(String directory, Configuration hadoopConfig) throws IOException {
        Path path = new Path(URI.create(directory));
        FileSystem fs = path.getFileSystem(hadoopConfig);
        if (fs.exists(path) && !fs.delete(path, true)) {
            throw new IOException("could not delete the staging directory " + directory);
        }
    }
}
