package dev.spindle.jobmanager;

import dev.spindle.checkpoint.CheckpointConfig;
import dev.spindle.checkpoint.CheckpointStats;
import dev.spindle.checkpoint.SavepointType;
import dev.spindle.config.Configuration;
import dev.spindle.config.JobManagerOptions;
import dev.spindle.core.JobId;
import dev.spindle.core.JobStatus;
import dev.spindle.graph.JobGraph;
import dev.spindle.metrics.groups.JobManagerMetricGroup;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts jobs and runs one {@link JobMaster} each; keeps finished jobs for
 * {@code jobstore.expiration-time} (at most {@code jobstore.max-capacity}) so that clients can
 * still ask for their results.
 *
 * <p>Threading: state changes under this object's lock; futures are completed on the caller's
 * thread (everything here is quick).
 */
public final class Dispatcher implements DispatcherGateway {
    private final JobPersistence persistence;
    /** Set when this JobManager stops without its jobs ending: they are left to the next leader. */
    private volatile boolean suspended;
    /** Where the jobs' metrics go; null: nowhere. */
    private volatile JobManagerMetricGroup metricGroup;

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** The cluster's settings that its jobs take where they set none. */
    private final ClusterJobDefaults jobDefaults;

    /** Whose stop-with-savepoint outcome has been served; see {@link #awaitStopOutcomesServed}. */
    private final StopOutcomes stopOutcomes = new StopOutcomes();

    private final TaskDeployer deployer;
    private final ClassLoader parentClassLoader;
    private final Supplier<List<TaskManagerDetails>> taskManagers;
    private final long expirationMillis;
    private final int maxFinished;
    private final Map<JobId, Entry> jobs = new LinkedHashMap<>();
    private final ClientHeartbeats clientHeartbeats = new ClientHeartbeats();
    private volatile JobArchiver archiver = JobArchiver.NONE;
    private final Map<JobId, CompletableFuture<Void>> resultsServed = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService jobStarter =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "Spindle job starter");
                t.setDaemon(true);
                return t;
            });

    /** A job and when it ended (0 while it runs). */
    private static final class Entry {
        final JobMaster master;
        final URLClassLoader jarLoader;
        /** Completes once the job's end has been recorded and its cleanup ran (or there is none). */
        final CompletableFuture<Void> cleanup = new CompletableFuture<>();
        /** Completes once the job's archive was written, or failed (or there is none). */
        final CompletableFuture<Void> archived = new CompletableFuture<>();

        long endedAt;

        Entry(JobMaster master, URLClassLoader jarLoader) {
            this.master = master;
            this.jarLoader = jarLoader;
        }
    }

    /**
     * @param configuration the JobManager's configuration
     * @param deployer where job masters deploy tasks
     * @param parentClassLoader parent of the class loaders made from jobs' jars
     * @param taskManagers the registered TaskManagers, for overviews (empty for in-JVM execution)
     */
    public Dispatcher(
            Configuration configuration,
            TaskDeployer deployer,
            ClassLoader parentClassLoader,
            Supplier<List<TaskManagerDetails>> taskManagers) {
        this(configuration, deployer, parentClassLoader, taskManagers, JobPersistence.inMemory(configuration));
    }

    /**
     * As above, with {@code persistence} keeping what outlives this JobManager (high availability)
     * and the jobs' results and cleanup; its owner closes it.
     */
    public Dispatcher(
            Configuration configuration,
            TaskDeployer deployer,
            ClassLoader parentClassLoader,
            Supplier<List<TaskManagerDetails>> taskManagers,
            JobPersistence persistence) {
        this.persistence = persistence;
        this.deployer = deployer;
        this.parentClassLoader = parentClassLoader;
        this.jobDefaults = new ClusterJobDefaults(configuration);
        this.taskManagers = taskManagers;
        this.expirationMillis =
                configuration.get(JobManagerOptions.JOB_STORE_EXPIRATION).toMillis();
        this.maxFinished = configuration.get(JobManagerOptions.JOB_STORE_MAX_CAPACITY);
    }

    /** Registers each job's metrics (from now on) in a group below {@code group}, until the job ends. */
    public void setMetricGroup(JobManagerMetricGroup group) {
        this.metricGroup = group;
    }

    @Override
    public CompletableFuture<JobId> submitJob(JobGraph submitted, List<Path> userJars) {
        JobGraph jobGraph = jobDefaults.applyTo(submitted);
        boolean endedHere;
        synchronized (this) {
            expire();
            Entry known = jobs.get(jobGraph.jobId());
            if (known != null && known.endedAt == 0) {
                return CompletableFuture.failedFuture(new DuplicateJobException(jobGraph.jobId()));
            }
            endedHere = known != null;
        }
        // Outside the lock: the stores may be remote (ZooKeeper, the HA storage directory).
        try {
            if (endedHere) {
                // Still known here (clients follow it as a duplicate); a dirty cleanup is started again.
                return CompletableFuture.failedFuture(duplicateOfEnded(jobGraph));
            }
            persistence.beforeRun(jobGraph, userJars);
        } catch (JobAlreadyEndedException | java.io.IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        JobMaster master;
        synchronized (this) {
            if (jobs.containsKey(jobGraph.jobId())) {
                return CompletableFuture.failedFuture(new DuplicateJobException(jobGraph.jobId()));
            }
            URLClassLoader loader;
            try {
                loader = userJars.isEmpty()
                        ? null
                        : new URLClassLoader("job-" + jobGraph.jobId(), urls(userJars), parentClassLoader);
            } catch (MalformedURLException e) {
                return CompletableFuture.failedFuture(
                        new IllegalArgumentException("bad jar path: " + e.getMessage(), e));
            }
            master = new JobMaster(
                    jobGraph,
                    loader != null ? loader : parentClassLoader,
                    userJars,
                    deployer,
                    persistence.checkpointPointers(jobGraph.jobId()),
                    persistence.checkpointIdCounter(jobGraph.jobId()));
            Entry entry = new Entry(master, loader);
            jobs.put(jobGraph.jobId(), entry);
            JobManagerMetricGroup metrics = metricGroup;
            if (metrics != null) {
                JobMetrics.register(metrics.addJob(jobGraph.jobId().toString(), jobGraph.name()), master);
            }
            master.result().whenComplete((r, t) -> ended(entry));
        }
        LOG.info("Submitted job {} ({})", jobGraph.name(), jobGraph.jobId());
        // Starting may wait for slots (and TaskManagers to start): never on the caller's thread.
        jobStarter.execute(master::start);
        return CompletableFuture.completedFuture(jobGraph.jobId());
    }

    /**
     * The answer to a job submitted again that ended here: a duplicate, as before its end; if its
     * cleanup had not completed, the cleanup is started again and the answer says so.
     */
    private DuplicateJobException duplicateOfEnded(JobGraph jobGraph) throws java.io.IOException {
        try {
            persistence.refuseIfEnded(jobGraph);
        } catch (JobAlreadyEndedException e) {
            if (e.state() == dev.spindle.jobmanager.cleanup.JobResultState.DIRTY) {
                return new DuplicateJobException(
                        jobGraph.jobId(),
                        "it ended and does not run again; its cleanup had not completed and has been started again");
            }
        }
        return new DuplicateJobException(jobGraph.jobId());
    }

    private static URL[] urls(List<Path> jars) throws MalformedURLException {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        return urls;
    }

    private void ended(Entry entry) {
        synchronized (this) {
            entry.endedAt = System.currentTimeMillis();
            expire();
        }
        JobManagerMetricGroup metrics = metricGroup;
        if (metrics != null) {
            metrics.removeJob(entry.master.jobId().toString());
        }
        JobDetails details = entry.master.details();
        JobResultInfo result = entry.master.resultInfo();
        if (suspended || !details.status().isTerminal()) {
            entry.archived.complete(null);
            entry.cleanup.complete(null);
            return; // suspended: the next leader runs it on
        }
        // Archived first, while the job's views still answer; its cleanup follows whatever the outcome.
        archive(entry.master.jobId()).whenComplete((ignored, failure) -> {
            entry.archived.complete(null);
            recordEnd(entry, details, result);
        });
    }

    private CompletableFuture<Void> archive(JobId jobId) {
        try {
            return archiver.archive(jobId);
        } catch (RuntimeException e) {
            LOG.warn("Could not archive job {}: {}", jobId, e.toString());
            return CompletableFuture.completedFuture(null);
        }
    }

    private void recordEnd(Entry entry, JobDetails details, JobResultInfo result) {
        persistence
                .jobEnded(
                        entry.master.jobGraph(),
                        details.status(),
                        details.startTimeMillis(),
                        details.endTimeMillis(),
                        result.failure() == null
                                ? null
                                : result.failure().lines().findFirst().orElse(null))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.error(
                                "The cleanup of job {} did not complete: {}",
                                entry.master.jobId(),
                                failure.getMessage());
                    }
                    entry.cleanup.complete(null);
                });
    }

    /**
     * Sets what archives the jobs that end from now on ({@code jobmanager.archive.fs.dir}); the
     * archiver routes requests through the REST endpoint, which is started after this dispatcher.
     */
    public void setArchiver(JobArchiver archiver) {
        this.archiver = java.util.Objects.requireNonNull(archiver, "archiver");
    }

    /**
     * Waits at most {@code timeout} until the archive of every job is written (or failed), those
     * still ending included: a cluster that ends with its jobs calls it once it has cancelled what
     * still ran, before it goes. Returns at once when nothing is archived.
     *
     * @return whether they all completed in time
     */
    public boolean awaitArchives(java.time.Duration timeout) throws InterruptedException {
        if (archiver == JobArchiver.NONE) {
            return true;
        }
        return awaitAll(jobs -> jobs.map(e -> e.archived), timeout);
    }

    /**
     * Waits at most {@code timeout} for the cleanup of every job that has ended (high availability:
     * before the cluster's own data goes, so that no cleanup is cut off halfway and every result is
     * recorded clean).
     *
     * @return whether they all completed (successfully or not) in time
     */
    public boolean awaitCleanups(java.time.Duration timeout) throws InterruptedException {
        return awaitAll(jobs -> jobs.filter(e -> e.master.result().isDone()).map(e -> e.cleanup), timeout);
    }

    /** Waits at most {@code timeout} for the futures {@code of} the jobs; whether all completed. */
    private boolean awaitAll(
            java.util.function.Function<
                            java.util.stream.Stream<Entry>, java.util.stream.Stream<CompletableFuture<Void>>>
                    of,
            java.time.Duration timeout)
            throws InterruptedException {
        List<CompletableFuture<Void>> futures;
        synchronized (this) {
            futures = of.apply(jobs.values().stream()).toList();
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // not completed exceptionally; complete, whatever happened
        }
    }

    /**
     * Drops finished jobs past their expiration or beyond the capacity, those that ended first
     * first: a long job submitted early that has just ended is the newest finished job, and its
     * client, about to ask for its result, must still find it.
     */
    private void expire() {
        long now = System.currentTimeMillis();
        List<Entry> finished = new ArrayList<>(
                jobs.values().stream().filter(e -> e.endedAt > 0).toList());
        finished.sort(java.util.Comparator.comparingLong(e -> e.endedAt)); // stable: submission order on ties
        int beyondCapacity = finished.size() - maxFinished;
        for (Entry e : finished) {
            if (beyondCapacity-- > 0 || now - e.endedAt >= expirationMillis) {
                jobs.remove(e.master.jobId());
                closeQuietly(e.jarLoader);
                resultsServed.remove(e.master.jobId());
            }
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (java.io.IOException e) {
                LOG.debug("closing a job class loader failed", e);
            }
        }
    }

    private synchronized Entry entry(JobId id) throws UnknownJobException {
        Entry e = jobs.get(id);
        if (e == null) {
            throw new UnknownJobException(id);
        }
        return e;
    }

    @Override
    public synchronized CompletableFuture<List<JobDetails>> listJobs() {
        expire();
        List<JobDetails> all = new ArrayList<>();
        for (Entry e : jobs.values()) {
            all.add(e.master.details());
        }
        return CompletableFuture.completedFuture(all);
    }

    @Override
    public CompletableFuture<JobDetails> requestJob(JobId jobId) {
        try {
            return CompletableFuture.completedFuture(entry(jobId).master.details());
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> cancelJob(JobId jobId) {
        try {
            entry(jobId).master.cancel();
            return CompletableFuture.completedFuture(null);
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<String> triggerSavepoint(JobId jobId, String targetDirectory, SavepointType type) {
        try {
            JobMaster master = entry(jobId).master;
            if (type.stops()) {
                // The job ends with it: a per-job or application cluster waits until the stop's
                // outcome (the savepoint's path) has been served before it ends too.
                stopOutcomes.stopRequested(jobId);
            }
            return master.triggerSavepoint(targetDirectory, type);
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> recordClientHeartbeat(JobId jobId) {
        try {
            entry(jobId);
            clientHeartbeats.record(jobId);
            return CompletableFuture.completedFuture(null);
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void resultServed(JobId jobId) {
        resultServedFuture(jobId).complete(null);
    }

    @Override
    public void savepointOutcomeServed(JobId jobId) {
        stopOutcomes.outcomeServed(jobId);
    }

    /**
     * Waits, at most {@code maxMillis}, until the outcome of every stop-with-savepoint asked of a job
     * of this dispatcher has been served to the client that asked (its savepoint's path): a cluster
     * that ends with its job calls it before it ends, so that the client gets the path rather than
     * a cluster that is gone. Returns at once when no stop was asked for.
     *
     * @return false when some outcome was not served in time (the client went away)
     */
    public boolean awaitStopOutcomesServed(long maxMillis) throws InterruptedException {
        return stopOutcomes.awaitAll(maxMillis);
    }

    /** Completes once a client outside the JobManager has been served the job's terminal result. */
    public CompletableFuture<Void> resultServedFuture(JobId jobId) {
        return resultsServed.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    /** The heartbeats of the jobs' attached clients, for an owner that holds them to a lease. */
    public ClientHeartbeats clientHeartbeats() {
        return clientHeartbeats;
    }

    /**
     * The job's result, for clients inside the JobManager's JVM (programs run from a jar): completes
     * when the job ends, exceptionally as {@link JobMaster#result()} does, or at once with
     * {@link UnknownJobException}.
     */
    public CompletableFuture<dev.spindle.core.JobExecutionResult> jobResult(JobId jobId) {
        try {
            return entry(jobId).master.result();
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<JobStatus> jobTermination(JobId jobId) {
        try {
            JobMaster master = entry(jobId).master;
            // The status is terminal before the result completes (JobMaster sets it under its lock first).
            return master.result().handle((result, failure) -> master.status());
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<JobResultInfo> requestJobResult(JobId jobId) {
        try {
            return CompletableFuture.completedFuture(entry(jobId).master.resultInfo());
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<ExceptionHistory> requestExceptionHistory(JobId jobId) {
        try {
            return CompletableFuture.completedFuture(entry(jobId).master.exceptionHistory());
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<CheckpointStats> requestCheckpointStats(JobId jobId) {
        try {
            return CompletableFuture.completedFuture(entry(jobId).master.checkpointStats());
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<CheckpointConfig> requestCheckpointConfig(JobId jobId) {
        try {
            return CompletableFuture.completedFuture(entry(jobId).master.checkpointConfig());
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<JobPlan> requestJobPlan(JobId jobId) {
        try {
            return CompletableFuture.completedFuture(entry(jobId).master.plan());
        } catch (UnknownJobException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized CompletableFuture<ClusterOverview> requestClusterOverview() {
        int running = 0;
        int finished = 0;
        int cancelled = 0;
        int failed = 0;
        for (Entry e : jobs.values()) {
            JobStatus s = e.master.status();
            switch (s) {
                case FINISHED -> finished++;
                case CANCELED -> cancelled++;
                case FAILED -> failed++;
                default -> running++;
            }
        }
        List<TaskManagerDetails> tms = taskManagers.get();
        int slots = tms.stream().mapToInt(TaskManagerDetails::slots).sum();
        int free = tms.stream().mapToInt(TaskManagerDetails::freeSlots).sum();
        return CompletableFuture.completedFuture(
                new ClusterOverview(tms.size(), slots, free, running, finished, cancelled, failed));
    }

    @Override
    public CompletableFuture<List<TaskManagerDetails>> listTaskManagers() {
        return CompletableFuture.completedFuture(List.copyOf(taskManagers.get()));
    }

    /** Cancels every running job; for shutting the cluster down. */
    /**
     * Stops every job here without recording an end for any (high availability: this JobManager
     * stops or lost its leadership, and the next leader resumes the jobs from their checkpoints).
     */
    public void suspendAll() {
        suspended = true;
        List<JobMaster> running = new ArrayList<>();
        synchronized (this) {
            for (Entry e : jobs.values()) {
                running.add(e.master);
            }
        }
        running.forEach(JobMaster::suspend);
    }

    public void cancelAll() {
        List<JobMaster> running = new ArrayList<>();
        synchronized (this) {
            for (Entry e : jobs.values()) {
                running.add(e.master);
            }
        }
        running.forEach(JobMaster::cancel);
    }
}
