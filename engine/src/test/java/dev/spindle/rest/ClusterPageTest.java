package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.spindle.config.Configuration;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.jobmanager.JobDetails;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /} on a real socket: the HTML page of the cluster, its mode and its jobs, with relative
 * links that resolve to the REST resources also under a proxy's prefix, and job names escaped.
 */
class ClusterPageTest extends RestTestSupport {
    private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");

    @Test
    void theRootNamesTheClusterItsModeAndItsJobs() throws Exception {
        JobId running = JobId.generate();
        JobId finished = JobId.generate();
        gateway.jobs.put(running, new JobDetails(running, "streaming", JobStatus.RUNNING, 2000, -1, 2100, List.of()));
        gateway.jobs.put(finished, new JobDetails(finished, "batch", JobStatus.FINISHED, 1000, 1500, 1100, List.of()));
        start(new Configuration()
                .set(JobManagerOptions.CLUSTER_NAME, "Spindle per-job: WordCount")
                .set(JobManagerOptions.CLUSTER_MODE, "per-job"));

        HttpResponse<String> r = getPage("/");
        assertEquals(200, r.statusCode());
        assertEquals(
                "text/html; charset=utf-8",
                r.headers().firstValue("Content-Type").orElse(""));
        String html = r.body();
        assertTrue(html.contains("<title>Spindle per-job: WordCount</title>"), html);
        assertTrue(html.contains("<h1>Spindle per-job: WordCount</h1>"), html);
        assertTrue(html.contains("mode: <span id=\"mode\">per-job</span>"), html);
        // oldest first
        assertTrue(
                html.contains("<tr><td><a href=\"jobs/" + finished + "\">" + finished + "</a></td><td>batch</td>"
                        + "<td>FINISHED</td></tr>\n<tr><td><a href=\"jobs/" + running + "\">" + running
                        + "</a></td><td>streaming</td><td>RUNNING</td></tr>"),
                html);
        assertEquals(
                List.of("jobs/" + finished, "jobs/" + running, "overview", "jobs", "jobs/overview", "taskmanagers"),
                links(html));
    }

    @Test
    void everyLinkIsRelativeAndReachesItsResourceOnTheEndpoint() throws Exception {
        JobId job = JobId.generate();
        gateway.jobs.put(job, new JobDetails(job, "batch", JobStatus.FINISHED, 1000, 1500, 1100, List.of()));
        start();
        String html = getPage("/").body();
        assertEquals(5, links(html).size(), html);
        // Resolved against the page's URL, as a browser does: under a proxy's /proxy/<appId>/ the
        // same links keep that prefix, since none starts with '/' or names a host.
        URI page = uri("/");
        URI proxied = URI.create("http://rm:8088/proxy/application_1_0001/");
        for (String link : links(html)) {
            assertFalse(link.startsWith("/") || link.contains(":"), link);
            assertTrue(proxied.resolve(link).toString().startsWith(proxied.toString()), link);
            int status = http.send(
                            HttpRequest.newBuilder(page.resolve(link)).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            assertEquals(200, status, link);
        }
    }

    /**
     * Through a reverse proxy that serves the endpoint under {@code /proxy/<appId>/}, as YARN's RM
     * web proxy does: the page's links, followed as a browser resolves them, reach the resources.
     */
    @Test
    void theLinksWorkThroughAProxysPrefix() throws Exception {
        start();
        String prefix = "/proxy/application_1_0001/";
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext(prefix, exchange -> {
            String rest = exchange.getRequestURI().getRawPath().substring(prefix.length());
            try {
                HttpResponse<byte[]> upstream = http.send(
                        HttpRequest.newBuilder(uri("/" + rest)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                upstream.headers()
                        .firstValue("Content-Type")
                        .ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
                exchange.sendResponseHeaders(upstream.statusCode(), upstream.body().length);
                exchange.getResponseBody().write(upstream.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        proxy.start();
        try {
            URI page = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort() + prefix);
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(page).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(
                    "text/html; charset=utf-8",
                    r.headers().firstValue("Content-Type").orElse(""));
            List<String> links = links(r.body());
            assertEquals(List.of("overview", "jobs", "jobs/overview", "taskmanagers"), links);
            for (String link : links) {
                HttpResponse<String> resource = http.send(
                        HttpRequest.newBuilder(page.resolve(link)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, resource.statusCode(), link);
                assertTrue(
                        resource.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), link);
            }
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void jobNamesAndTheClusterNameAreEscaped() throws Exception {
        JobId job = JobId.generate();
        gateway.jobs.put(
                job,
                new JobDetails(
                        job, "<script>alert('x')</script> & \"co\"", JobStatus.RUNNING, 1000, -1, -1, List.of()));
        start(new Configuration().set(JobManagerOptions.CLUSTER_NAME, "a<b>"));
        String html = getPage("/").body();
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<b>"), html);
        assertTrue(
                html.contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</td>"), html);
        assertTrue(html.contains("<h1>a&lt;b&gt;</h1>"), html);
    }

    @Test
    void withoutJobsOrConfigurationTheDefaultsShow() throws Exception {
        start();
        HttpResponse<String> r = getPage("/");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<h1>Spindle cluster</h1>"), r.body());
        assertTrue(r.body().contains("mode: <span id=\"mode\">standalone</span>"), r.body());
        assertTrue(r.body().contains("<p>No jobs.</p>"), r.body());
    }

    private HttpResponse<String> getPage(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> links(String html) {
        List<String> links = new ArrayList<>();
        Matcher m = HREF.matcher(html);
        while (m.find()) {
            links.add(m.group(1));
        }
        return links;
    }
}
