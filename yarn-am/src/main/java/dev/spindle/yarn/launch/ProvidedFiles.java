package dev.spindle.yarn.launch;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;

/**
 * The files of {@code yarn.provided.lib.dirs}: Spindle's runtime jars, already on the cluster's file
 * system, that containers localize from where they are; the client never uploads them and the AM
 * never deletes them. The client registers them for the AM, the AM for its TaskManagers, both
 * through this class, so that both give a file the same visibility.
 */
public final class ProvidedFiles {
    private ProvidedFiles() {}

    /** The file as a local resource of the visibility {@link #visibilityOf} gives it. */
    public static LocalResource localResource(FileSystem fs, FileStatus file) throws IOException {
        return LocalResource.newInstance(
                URL.fromPath(file.getPath()),
                LocalResourceType.FILE,
                visibilityOf(fs, file),
                file.getLen(),
                file.getModificationTime());
    }

    /**
     * PUBLIC when everyone may read the file: readable by others, and every directory above it
     * searchable by others. That is YARN's own rule (the NodeManager refuses a PUBLIC resource that
     * breaks it) and what lets NodeManagers keep one copy for every user's applications. Else
     * APPLICATION: the directory belongs to someone who did not share it with everyone.
     */
    public static LocalResourceVisibility visibilityOf(FileSystem fs, FileStatus file) throws IOException {
        if (!file.getPermission().getOtherAction().implies(FsAction.READ)) {
            return LocalResourceVisibility.APPLICATION;
        }
        for (Path dir = file.getPath().getParent(); dir != null; dir = dir.getParent()) {
            if (!fs.getFileStatus(dir).getPermission().getOtherAction().implies(FsAction.EXECUTE)) {
                return LocalResourceVisibility.APPLICATION;
            }
        }
        return LocalResourceVisibility.PUBLIC;
    }
}
