package dev.spindle.ha;

import dev.spindle.config.CleanupOptions;
import dev.spindle.config.Configuration;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.config.IllegalConfigurationException;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/** Makes the job result store a cluster's configuration asks for. */
public final class JobResultStores {
    /** The directory under {@code high-availability.storageDir} that holds every cluster's job result store. */
    public static final String DIRECTORY = "job-result-store";

    private JobResultStores() {}

    /**
     * Without high availability ({@code high-availability.type: none}) a store in memory; with it,
     * a {@link FileSystemJobResultStore} in {@code job-result-store.storage-path}, or else in {@code
     * <high-availability.storageDir>/job-result-store/<clusterId>}. Touches no file.
     *
     * @param clusterId the cluster's id as high availability resolved it ({@code high-availability.cluster-id},
     *     else the YARN application id or {@code default})
     * @throws IllegalConfigurationException naming the key and the fix when neither directory is
     *     set, or the directory is not a usable path
     */
    public static JobResultStore create(Configuration config, String clusterId) {
        Objects.requireNonNull(clusterId, "clusterId");
        if ("none".equals(config.get(HighAvailabilityOptions.TYPE).toLowerCase(Locale.ROOT))) {
            return new InMemoryJobResultStore();
        }
        String key;
        String directory;
        String configured = config.get(CleanupOptions.JOB_RESULT_STORE_PATH);
        if (configured != null && !configured.isBlank()) {
            key = CleanupOptions.JOB_RESULT_STORE_PATH.key();
            directory = configured.trim();
        } else {
            String storageDir = config.get(HighAvailabilityOptions.STORAGE_DIR);
            key = HighAvailabilityOptions.STORAGE_DIR.key();
            if (storageDir == null || storageDir.isBlank()) {
                throw new IllegalConfigurationException(key + " is not set, and high availability keeps the job "
                        + "results there. Set " + key + " to a directory every JobManager reaches (hdfs://namenode:"
                        + "port/path, or file:///path on one machine), or set "
                        + CleanupOptions.JOB_RESULT_STORE_PATH.key() + ".");
            }
            String base = storageDir.trim();
            directory = base + (base.endsWith("/") ? "" : "/") + DIRECTORY + "/" + clusterId;
        }
        try {
            return FileSystemJobResultStore.open(
                    directory, config.get(CleanupOptions.JOB_RESULT_STORE_DELETE_ON_COMMIT));
        } catch (IOException e) {
            throw new IllegalConfigurationException(
                    "Invalid " + key + ": " + e.getMessage() + ". Set " + key + " to a directory every JobManager "
                            + "reaches (hdfs://namenode:port/path, or file:///path on one machine).",
                    e);
        }
    }
}
