package dev.spindle.bench;

import dev.spindle.cluster.entrypoint.JobManagerMain;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobId;
import dev.spindle.rest.RestMessages.ClusterOverviewResponse;
import dev.spindle.rest.client.RestClient;
import dev.spindle.rest.client.RestJobClient;
import dev.spindle.security.ClusterSecret;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The benchmark's hands on a standalone cluster (a {@code JobManagerMain} process), through the
 * cluster's REST endpoint and its {@code jobmanager.properties}: {@code scripts/bench cluster}
 * uses it to wait for the TaskManagers and to time jobs. It prints {@code name=value} lines on
 * stdout.
 *
 * <pre>
 * ClusterBenchClient await --cluster-dir DIR --taskmanagers N [--timeout-seconds S]
 * ClusterBenchClient run --cluster-dir DIR --jar JAR [--class C] [--parallelism P] [--timeout-seconds S] [-- ARGS...]
 * </pre>
 * {@code await} returns once N TaskManagers are registered with all their slots free, and prints
 * {@code taskmanagers} and {@code slots}. {@code run} uploads the jar, runs the program's main()
 * on the cluster, waits for the job it submitted and prints {@code job_id}, {@code net_runtime_ms}
 * (the job's own runtime, measured by the JobManager), {@code wall_ms} (from the run request to the
 * client seeing the result, polled every 100 ms; the upload is not included) and one {@code counter.<name>} line per
 * counter of the job. Exit codes: 0 done, 1 the job failed or timed out, 2 bad arguments.
 */
public final class ClusterBenchClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    // Each poll costs the JobManager about a millisecond of CPU, taken from the TaskManagers on a
    // small machine; 100 ms keeps that near 1% of a core and is fine grained enough for wall_ms.
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final long AWAIT_POLL_MILLIS = 100;

    private ClusterBenchClient() {}

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ClusterBenchClient: " + e.getMessage() + "\n" + USAGE);
            exitCode = 2;
        } catch (Exception e) {
            System.err.println("ClusterBenchClient: " + e);
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    static final String USAGE =
            "usage: ClusterBenchClient await --cluster-dir DIR --taskmanagers N [--timeout-seconds S]\n"
                    + "       ClusterBenchClient run --cluster-dir DIR --jar JAR [--class C] [--parallelism P] "
                    + "[--timeout-seconds S] [-- ARGS...]";

    private static int run(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("await") || args[0].equals("run"))) {
            throw new IllegalArgumentException(
                    args.length == 0 ? "missing command" : "unknown command '" + args[0] + "'");
        }
        Options options = Options.parse(args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
        RestClient client = connect(options.clusterDir(), deadline);
        if (args[0].equals("await")) {
            awaitTaskManagers(client, options.taskManagers(), deadline);
        } else {
            runJob(client, options, deadline);
        }
        return 0;
    }

    /** Reads the cluster's info file, waiting for the JobManager to write it. */
    private static RestClient connect(Path clusterDir, long deadline) throws IOException, InterruptedException {
        Path info = clusterDir.resolve(JobManagerMain.INFO_FILE);
        while (true) {
            try (Reader reader = Files.newBufferedReader(info)) {
                Properties p = new Properties();
                p.load(reader);
                ClusterSecret secret = ClusterSecret.readFrom(Path.of(required(p, "secret.file", info)));
                return new RestClient(URI.create(required(p, "rest.address", info)), secret, REQUEST_TIMEOUT);
            } catch (NoSuchFileException e) {
                sleepUntil(deadline, "the JobManager to write " + info);
            }
        }
    }

    private static String required(Properties p, String key, Path file) throws IOException {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IOException(file + " has no " + key);
        }
        return value;
    }

    private static void awaitTaskManagers(RestClient client, int taskManagers, long deadline)
            throws IOException, InterruptedException {
        while (true) {
            ClusterOverviewResponse o = client.overview();
            if (o.taskManagers() >= taskManagers && o.slotsAvailable() == o.slotsTotal()) {
                System.out.println("taskmanagers=" + o.taskManagers());
                System.out.println("slots=" + o.slotsTotal());
                return;
            }
            sleepUntil(deadline, taskManagers + " TaskManagers to register (" + o.taskManagers() + " so far)");
        }
    }

    private static void runJob(RestClient client, Options options, long deadline) throws Exception {
        String jarId = client.uploadJar(options.jar());
        long start = System.nanoTime();
        JobId jobId = client.runJar(jarId, options.mainClass(), options.programArgs(), options.parallelism());
        RestJobClient job =
                new RestJobClient(client, jobId, options.jar().getFileName().toString(), POLL_INTERVAL);
        JobExecutionResult result;
        try {
            result = job.getJobExecutionResult().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            client.cancel(jobId);
            throw new IOException(
                    "job " + jobId + " did not finish within " + options.timeoutSeconds() + " s; cancelled it");
        } catch (ExecutionException e) {
            throw new IOException("job " + jobId + " failed: " + e.getCause(), e.getCause());
        }
        long wallNanos = System.nanoTime() - start;
        System.out.println("job_id=" + jobId);
        System.out.println("net_runtime_ms=" + result.netRuntime().toMillis());
        System.out.println("wall_ms=" + TimeUnit.NANOSECONDS.toMillis(wallNanos));
        for (Map.Entry<String, Long> counter : new TreeMap<>(result.counters()).entrySet()) {
            System.out.println("counter." + counter.getKey() + "=" + counter.getValue());
        }
    }

    private static void sleepUntil(long deadline, String what) throws InterruptedException, IOException {
        if (System.nanoTime() - deadline >= 0) {
            throw new IOException("timed out waiting for " + what);
        }
        Thread.sleep(AWAIT_POLL_MILLIS);
    }

    /** The options of both commands; each command reads the ones it needs. */
    record Options(
            Path clusterDir,
            int taskManagers,
            Path jar,
            String mainClass,
            Integer parallelism,
            long timeoutSeconds,
            List<String> programArgs) {

        static Options parse(String[] args) {
            Path clusterDir = null;
            int taskManagers = 1;
            Path jar = null;
            String mainClass = null;
            Integer parallelism = null;
            long timeoutSeconds = 600;
            List<String> programArgs = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--")) {
                    programArgs.addAll(List.of(args).subList(i + 1, args.length));
                    break;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--cluster-dir" -> clusterDir = Path.of(value);
                    case "--taskmanagers" -> taskManagers = positiveInt(flag, value);
                    case "--jar" -> jar = Path.of(value);
                    case "--class" -> mainClass = value;
                    case "--parallelism" -> parallelism = positiveInt(flag, value);
                    case "--timeout-seconds" -> timeoutSeconds = positiveInt(flag, value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (clusterDir == null) {
                throw new IllegalArgumentException("--cluster-dir is required");
            }
            if (args[0].equals("run") && jar == null) {
                throw new IllegalArgumentException("run needs --jar");
            }
            return new Options(clusterDir, taskManagers, jar, mainClass, parallelism, timeoutSeconds, programArgs);
        }

        private static int positiveInt(String flag, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " needs a whole number >= 1, got '" + value + "'");
        }
    }
}
