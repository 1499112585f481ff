package dev.spindle.rest;

import dev.spindle.jobmanager.DispatcherGateway;
import dev.spindle.jobmanager.JobDetails;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /}: a small HTML page naming the cluster, its mode, its jobs and the REST resources,
 * until a web dashboard exists. YARN's ResourceManager links an application's tracking URL through
 * its web proxy ({@code /proxy/<appId>/}), so every link is relative: {@code overview}, not
 * {@code /overview}, resolves under the proxy's prefix as well as on the endpoint itself. Job names
 * are the user's text and are escaped.
 */
final class ClusterPage {
    private final DispatcherGateway gateway;
    private final String clusterName;
    private final String mode;
    private final String version;

    ClusterPage(DispatcherGateway gateway, String clusterName, String mode, String version) {
        this.gateway = gateway;
        this.clusterName = clusterName;
        this.mode = mode;
        this.version = version;
    }

    CompletableFuture<RestResponse> render(RestRequest request) {
        return gateway.listJobs().thenApply(jobs -> RestResponse.ok(new HtmlPage(html(jobs))));
    }

    String html(List<JobDetails> jobs) {
        StringBuilder page = new StringBuilder(1024)
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>")
                .append(escape(clusterName))
                .append("</title></head>\n<body>\n<h1>")
                .append(escape(clusterName))
                .append("</h1>\n<p>Spindle ")
                .append(escape(version))
                .append(", mode: <span id=\"mode\">")
                .append(escape(mode))
                .append("</span></p>\n<h2>Jobs</h2>\n");
        if (jobs.isEmpty()) {
            page.append("<p>No jobs.</p>\n");
        } else {
            page.append("<table>\n<tr><th>id</th><th>name</th><th>state</th></tr>\n");
            jobs.stream()
                    .sorted(Comparator.comparingLong(JobDetails::startTimeMillis))
                    .forEach(job -> {
                        String id = job.jobId().toString();
                        page.append("<tr><td><a href=\"jobs/")
                                .append(id)
                                .append("\">")
                                .append(id)
                                .append("</a></td><td>")
                                .append(escape(job.name() == null ? "" : job.name()))
                                .append("</td><td>")
                                .append(job.status().name())
                                .append("</td></tr>\n");
                    });
            page.append("</table>\n");
        }
        return page.append("<h2>REST resources</h2>\n<ul>\n")
                .append("<li><a href=\"overview\">overview</a></li>\n")
                .append("<li><a href=\"jobs\">jobs</a></li>\n")
                .append("<li><a href=\"jobs/overview\">jobs/overview</a></li>\n")
                .append("<li><a href=\"taskmanagers\">taskmanagers</a></li>\n")
                .append("</ul>\n</body>\n</html>\n")
                .toString();
    }

    /** HTML-escapes text for element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
