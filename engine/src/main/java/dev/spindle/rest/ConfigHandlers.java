package dev.spindle.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.spindle.config.Configuration;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.config.RestOptions;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /config} (what the web dashboard needs to know about the endpoint, in Flink's shape)
 * and {@code GET /jobmanager/config} (the JobManager's configuration, secrets hidden by
 * {@link Redaction}). Both answer from what the server was started with; neither blocks.
 */
final class ConfigHandlers {
    /**
     * {@code GET /config}; {@code cluster-name} and {@code cluster-mode} are Spindle's additions for
     * the dashboard's title.
     */
    record DashboardConfiguration(
            @JsonProperty("refresh-interval") long refreshInterval,
            @JsonProperty("timezone-name") String timezoneName,
            @JsonProperty("timezone-offset") int timezoneOffset,
            @JsonProperty("flink-version") String version,
            @JsonProperty("flink-revision") String revision,
            @JsonProperty("features") Map<String, Boolean> features,
            @JsonProperty("cluster-name") String clusterName,
            @JsonProperty("cluster-mode") String clusterMode) {}

    /** One entry of {@code GET /jobmanager/config}. */
    record ConfigEntry(
            @JsonProperty("key") String key,
            @JsonProperty("value") String value) {}

    private final DashboardConfiguration dashboard;
    private final List<ConfigEntry> entries;

    ConfigHandlers(Configuration config, String version) {
        TimeZone zone = TimeZone.getDefault();
        this.dashboard = new DashboardConfiguration(
                config.get(RestOptions.REFRESH_INTERVAL).toMillis(),
                zone.getID(),
                zone.getOffset(System.currentTimeMillis()),
                version,
                "",
                Map.of("web-submit", false, "web-cancel", true, "web-history", false),
                config.get(JobManagerOptions.CLUSTER_NAME),
                config.get(JobManagerOptions.CLUSTER_MODE));
        this.entries = Redaction.redact(config.toMap()).entrySet().stream()
                .map(e -> new ConfigEntry(e.getKey(), e.getValue()))
                .toList();
    }

    CompletableFuture<RestResponse> dashboard(RestRequest request) {
        return CompletableFuture.completedFuture(RestResponse.ok(dashboard));
    }

    CompletableFuture<RestResponse> jobManagerConfig(RestRequest request) {
        return CompletableFuture.completedFuture(RestResponse.ok(entries));
    }
}
