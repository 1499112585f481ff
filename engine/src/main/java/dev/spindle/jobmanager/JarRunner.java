package dev.spindle.jobmanager;

import dev.spindle.core.JobId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a program from an uploaded jar on the JobManager (Flink's {@code /jars/{id}/run}): calls
 * its main() with an environment that submits to this cluster's dispatcher.
 */
public interface JarRunner {

    /**
     * @param jar the uploaded jar on the JobManager's disk
     * @param entryClass the class whose main() is called, or null for the manifest's Main-Class
     * @param args the program's arguments
     * @param parallelism the default parallelism, or null for the cluster's
     * @return the ids of the jobs the program submitted (completes when main() has returned);
     *     exceptionally with {@link IllegalArgumentException} when the jar or class is unusable
     */
    CompletableFuture<List<JobId>> run(Path jar, String entryClass, List<String> args, Integer parallelism);
}
