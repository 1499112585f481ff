package dev.spindle.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.api.StreamExecutionEnvironment;
import dev.spindle.api.functions.SourceFunction;
import dev.spindle.core.JobExecutionResult;
import dev.spindle.core.JobStatus;
import dev.spindle.core.execution.JobClient;
import dev.spindle.types.Types;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.naming.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JMX reporter in a standalone cluster of real processes: each process (the JobManager and its
 * two TaskManagers) serves JMX on the first free port of the configured range; over JMX
 * connections the running job's records out equal what its source emitted, the JobManager shows
 * the job and its TaskManagers, and once the job has finished its task MBeans are gone.
 */
class JmxReporterIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int RECORDS = 5_000;
    private static final Pattern SERVES = Pattern.compile("serves JMX on port (\\d+)");

    @TempDir
    static Path dir;

    static StandaloneClusterProcess cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        cluster = StandaloneClusterProcess.start(
                dir.resolve("cluster"),
                Map.of(
                        "slotmanager.number-of-slots.min", "2",
                        "metrics.reporter.jmx.type", "jmx",
                        "metrics.reporter.jmx.port", base + "-" + (base + 40)));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Emits the numbers 1..RECORDS, then waits (the job keeps running) until the file {@code release} exists. */
    static final class NumbersUntilReleased implements SourceFunction<Long> {
        private static final long serialVersionUID = 1L;
        private final String release;
        private volatile boolean cancelled;

        NumbersUntilReleased(String release) {
            this.release = release;
        }

        @Override
        public void run(SourceContext<Long> context) throws Exception {
            for (long i = 1; i <= RECORDS; i++) {
                context.collect(i);
            }
            context.flush();
            while (!cancelled && !Files.exists(Path.of(release))) {
                Thread.sleep(20);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** The JNDI factory named explicitly: a jndi.properties on the test classpath names one that is missing. */
    private static JMXConnector connect(int port) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return JMXConnectorFactory.connect(
                url, Map.of(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.rmi.registry.RegistryContextFactory"));
    }

    /** The JMX ports the processes logged, the JobManager's first. */
    private static List<Integer> ports(String processPrefix) throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (String line : cluster.logLines("serves JMX on port")) {
            Matcher m = SERVES.matcher(line);
            if (m.find() && line.startsWith(processPrefix)) {
                ports.add(Integer.parseInt(m.group(1)));
            }
        }
        return ports;
    }

    private static long sum(MBeanServerConnection c, ObjectName pattern, String attribute) throws Exception {
        long sum = 0;
        for (ObjectName n : c.queryNames(pattern, null)) {
            sum += ((Number) c.getAttribute(n, attribute)).longValue();
        }
        return sum;
    }

    @Test
    void aRunningJobsRecordsOutAreReadOverJmxAndItsMBeansGoWhenItEnds() throws Exception {
        cluster.awaitIdleTaskManagers(2, TIMEOUT);
        Path release = dir.resolve("release");
        StreamExecutionEnvironment env = cluster.environment(1);
        env.addSource(new NumbersUntilReleased(release.toString()), Types.LONG)
                .name("numbers")
                .rebalance()
                .map(x -> x * 2)
                .returns(Types.LONG)
                .addSink(x -> {});
        JobClient job = env.executeAsync("jmx metrics");
        String jobId = job.getJobId().toString();

        List<Integer> jobManagerPorts = ports("cluster: ");
        assertEquals(1, jobManagerPorts.size(), "the JobManager's JMX port: " + cluster.logLines("JMX"));
        List<Integer> taskManagerPorts = new ArrayList<>(ports(""));
        taskManagerPorts.removeAll(jobManagerPorts);
        assertEquals(2, taskManagerPorts.size(), "the TaskManagers' JMX ports: " + cluster.logLines("JMX"));

        ObjectName recordsOut = new ObjectName("dev.spindle.taskmanager.job.task.numRecordsOut:job_id=" + jobId + ",*");
        List<JMXConnector> connectors = new ArrayList<>();
        try {
            for (int port : taskManagerPorts) {
                connectors.add(connect(port));
            }
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long seen = -1;
            while (System.nanoTime() < deadline) {
                seen = 0;
                for (JMXConnector c : connectors) {
                    seen += sum(c.getMBeanServerConnection(), recordsOut, "Count");
                }
                if (seen == RECORDS) {
                    break;
                }
                Thread.sleep(50);
            }
            // Only the source's task writes to an exchange: the sink's chain has none.
            assertEquals(RECORDS, seen);

            try (JMXConnector jm = connect(jobManagerPorts.get(0))) {
                MBeanServerConnection c = jm.getMBeanServerConnection();
                assertEquals(
                        0L,
                        sum(
                                c,
                                new ObjectName("dev.spindle.jobmanager.job.numRestarts:job_id=" + jobId + ",*"),
                                "Value"));
                assertEquals(2L, sum(c, new ObjectName("dev.spindle.jobmanager.numRegisteredTaskManagers:*"), "Value"));
                assertTrue(sum(c, new ObjectName("dev.spindle.jobmanager.Status.JVM.Memory.Heap.Used:*"), "Value") > 0);
            }

            Files.createFile(release);
            JobExecutionResult result = job.getJobExecutionResult().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(JobStatus.FINISHED, job.getJobStatus().get());
            assertTrue(
                    result.counters().values().stream().anyMatch(v -> v == RECORDS),
                    result.counters().toString());
            // Each task removed its metrics before it reported its end: the job's MBeans are gone.
            ObjectName ofJob = new ObjectName("dev.spindle.taskmanager.job.*:job_id=" + jobId + ",*");
            for (JMXConnector c : connectors) {
                assertEquals(Set.of(), c.getMBeanServerConnection().queryNames(ofJob, null));
            }
        } finally {
            for (JMXConnector c : connectors) {
                c.close();
            }
        }
    }
}
