package dev.spindle.client.cli;

import dev.spindle.rest.RestMessages.JobOverview;
import dev.spindle.rest.client.RestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows the jobs of an application-mode cluster, whose main() runs in the ApplicationMaster, by
 * polling its REST endpoint's {@code /jobs/overview}: each job seen for the first time gets
 * {@code Job has been submitted with JobID <id>} on stdout (the line {@code spindle run} prints too,
 * which schedulers parse), each state change {@code Job <id> is <STATE>} on stderr. A poll that
 * fails is skipped: the endpoint goes away with the application, whose end YARN reports.
 *
 * <p>Polls run on one daemon thread after {@link #start}, or on the caller's with {@link #poll};
 * both are serialized.
 */
final class ApplicationJobWatcher implements AutoCloseable {
    private final RestClient rest;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> states = new LinkedHashMap<>();
    private ScheduledExecutorService poller;

    ApplicationJobWatcher(RestClient rest, PrintWriter out, PrintWriter err) {
        this.rest = rest;
        this.out = out;
        this.err = err;
    }

    /** Polls every {@code interval} until {@link #close}. */
    synchronized void start(Duration interval) {
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "Spindle application jobs");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Looks at the jobs once; prints what is new. */
    synchronized void poll() {
        List<JobOverview> jobs;
        try {
            jobs = new ArrayList<>(rest.listJobs());
        } catch (IOException | RuntimeException e) {
            return;
        }
        jobs.sort(Comparator.comparingLong(JobOverview::startTime));
        for (JobOverview job : jobs) {
            String previous = states.put(job.jid(), job.state());
            if (previous == null) {
                out.println("Job has been submitted with JobID " + job.jid());
                out.flush();
            }
            if (!job.state().equals(previous)) {
                err.println("Job " + job.jid() + " is " + job.state());
                err.flush();
            }
        }
    }

    /**
     * The application SUCCEEDED, so every job of it FINISHED (the ApplicationMaster's rule): says
     * so for the jobs last seen in another state, whose end the REST endpoint went away too soon to show.
     */
    synchronized void allFinished() {
        states.replaceAll((job, state) -> {
            if (!state.equals("FINISHED")) {
                err.println("Job " + job + " is FINISHED");
            }
            return "FINISHED";
        });
        err.flush();
    }

    /** The jobs seen so far, in the order they were first seen, with the last state seen of each. */
    synchronized Map<String, String> jobStates() {
        return new LinkedHashMap<>(states);
    }

    /** The jobs seen so far, in the order they were first seen. */
    synchronized List<String> jobIds() {
        return List.copyOf(states.keySet());
    }

    /** Stops polling; returns after the last poll has printed. */
    @Override
    public void close() {
        stop();
    }

    /** As {@link #close}; polls are over when it returns. */
    void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = poller;
            poller = null;
        }
        if (running != null) {
            running.shutdownNow();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
