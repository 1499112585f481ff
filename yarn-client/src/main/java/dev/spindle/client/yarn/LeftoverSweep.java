package dev.spindle.client.yarn;

import dev.spindle.config.Configuration;
import dev.spindle.yarn.YarnOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * The cheap clean-up every deployment makes: while YARN starts the new ApplicationMaster, a
 * background thread removes the staging directories of ended (or unknown) applications, as
 * {@code spindle clean} does but never the properties file, with the grace period
 * {@code yarn.staging-directory.cleanup-grace} raised to at least {@link #MIN_GRACE} (a concurrent
 * deployment may be uploading), and for at most {@link #TIME_BOUND}. It reports how many it removed,
 * not which ({@link #report}). The deployment waits for it
 * only briefly once its cluster is up, so that its latency does not change; a sweep cut short
 * leaves the rest to the next deployment or to {@code spindle clean}.
 */
final class LeftoverSweep {
    static final Duration MIN_GRACE = Duration.ofMinutes(10);
    static final Duration TIME_BOUND = Duration.ofSeconds(10);

    private final Thread thread;

    private LeftoverSweep(Thread thread) {
        this.thread = thread;
    }

    /** Starts the sweep on a daemon thread; removals are reported on {@code progress}. */
    static LeftoverSweep start(YarnConfiguration hadoopConfig, Configuration config, PrintStream progress) {
        Thread t = new Thread(() -> sweep(hadoopConfig, config, progress), "Spindle leftover sweep");
        t.setDaemon(true);
        t.start();
        return new LeftoverSweep(t);
    }

    private static void sweep(YarnConfiguration hadoopConfig, Configuration config, PrintStream progress) {
        Instant deadline = Instant.now().plus(TIME_BOUND);
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(hadoopConfig);
            yarn.start();
            Duration grace = config.get(YarnOptions.STAGING_CLEANUP_GRACE);
            String root = config.get(YarnOptions.STAGING_DIRECTORY);
            List<String> lines = new ArrayList<>();
            new StagingJanitor(
                            hadoopConfig, yarn, grace.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : grace, false, lines::add)
                    .sweepStagingDirectories(root, deadline);
            report(lines, root, progress);
        } catch (IOException | YarnException | RuntimeException e) {
            progress.println(
                    "Leftovers: could not look for them (" + e.getMessage() + "); 'spindle clean' removes them");
        }
    }

    /**
     * Counts, never names: a deployment's output must hold one application id, its own, since
     * schedulers take the id with a pattern from every line of it (docs/schedulers.md), and each
     * leftover's path names the application it was staged for. {@code spindle clean} names them.
     */
    static void report(List<String> lines, String root, PrintStream progress) {
        long removed = lines.stream().filter(l -> l.startsWith("Removed ")).count();
        long failed =
                lines.stream().filter(l -> l.startsWith("Could not remove ")).count();
        if (removed > 0) {
            progress.println("Leftovers: removed " + removed + " staging director" + (removed == 1 ? "y" : "ies")
                    + " of ended or unknown applications under " + root);
        }
        if (failed > 0) {
            progress.println("Leftovers: could not remove " + failed + " staging director" + (failed == 1 ? "y" : "ies")
                    + " under " + root + "; 'spindle clean' names them and says why");
        }
    }

    /** Waits at most {@code bound} for the sweep to end. */
    void awaitAtMost(Duration bound) throws InterruptedException {
        thread.join(Math.max(1, bound.toMillis()));
    }
}
