package dev.spindle.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.client.cli.Scripts.ScriptRun;
import dev.spindle.client.yarn.LocalZooKeeperQuorum;
import dev.spindle.client.yarn.YarnConfLocator;
import dev.spindle.config.HighAvailabilityOptions;
import dev.spindle.localyarn.LocalYarnLayout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/local-yarn} as a user runs it, in a directory of this test: start, a YARN client
 * configured from the directory it writes, status, a second start, stop with a container running,
 * stop again; with its ZooKeeper server (--with-zookeeper), whose quorum the client finds next to
 * the YARN configuration. One test, because each step needs the state the previous one left.
 */
class LocalYarnScriptIT {
    private static final long CONTAINER_WAIT_MILLIS = 30_000;

    @TempDir
    static Path dir;

    private static Map<String, String> env;

    @AfterAll
    static void stopWhateverHappened() throws Exception {
        if (env != null) {
            Scripts.run(dir, env, "local-yarn", "stop");
        }
    }

    @Test
    void startsServesAndStopsWithoutLeavingAProcess() throws Exception {
        LocalYarnLayout layout = new LocalYarnLayout(dir.resolve("local-yarn"));
        env = Map.of(
                LocalYarnLayout.DIR_ENV, layout.directory().toString(), "HADOOP_CONF_DIR", "", "YARN_CONF_DIR", "");

        int zooKeeperPort = freePort();
        String quorum = "localhost:" + zooKeeperPort;
        long started = System.nanoTime();
        ScriptRun start = Scripts.run(
                dir,
                env,
                "local-yarn",
                "start",
                "--nm-memory-mb",
                "2048",
                "--with-zookeeper",
                "--zookeeper-port",
                Integer.toString(zooKeeperPort));
        long startMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, start.exitCode(), start::toString);
        assertTrue(start.out().contains("Local YARN cluster started in " + layout.directory()), start::toString);
        assertTrue(start.out().contains("export HADOOP_CONF_DIR=" + layout.confDir()), start::toString);
        Properties marker = marker(layout);
        long pid = Long.parseLong(marker.getProperty(LocalYarnLayout.PID));
        System.out.printf(
                "local-yarn start: %d ms (script), %s ms (JVM to ready); RSS %s%n",
                startMillis, marker.getProperty(LocalYarnLayout.START_MILLIS), rss(pid));

        // The client finds the conf directory of the running cluster when no variable is set.
        YarnConfLocator locator = new YarnConfLocator(env, null, LocalYarnLayout::isClusterProcess);
        assertEquals(layout.confDir(), locator.confDirectory());

        // ... and there the quorum of the cluster's ZooKeeper server, which serves.
        assertTrue(
                start.out().contains("ZooKeeper: " + quorum + " (in " + layout.zooKeeperQuorumFile() + ")"),
                start::toString);
        assertEquals(quorum + "\n", Files.readString(layout.zooKeeperQuorumFile()));
        dev.spindle.config.Configuration ha = LocalZooKeeperQuorum.withLocalQuorum(
                dev.spindle.config.Configuration.fromMap(Map.of("high-availability.type", "zookeeper")),
                locator.confDirectory());
        assertEquals(quorum, ha.get(HighAvailabilityOptions.ZOOKEEPER_QUORUM));
        long zooKeeperPid = Long.parseLong(Files.readString(layout.directory().resolve("zookeeper/local-zookeeper.pid"))
                .strip());
        try (CuratorFramework zooKeeper = CuratorFrameworkFactory.newClient(quorum, new RetryNTimes(3, 500))) {
            zooKeeper.start();
            zooKeeper.create().forPath("/local-yarn-it");
            assertTrue(zooKeeper.checkExists().forPath("/local-yarn-it") != null);
        }

        String sleeper;
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(clientConf(layout.confDir()));
            client.start();
            List<NodeReport> nodes = client.getNodeReports(NodeState.RUNNING);
            assertEquals(2, nodes.size(), nodes::toString);
            assertTrue(nodes.stream().allMatch(n -> n.getCapability().getMemorySize() == 2048), nodes::toString);
            assertEquals(
                    List.of("default"),
                    client.getAllQueues().stream().map(QueueInfo::getQueueName).toList());
            sleeper = submitSleeper(client);
        }

        ScriptRun status = Scripts.run(dir, env, "local-yarn", "status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(
                status.out().contains("Local YARN cluster in " + layout.directory() + ": running (pid " + pid),
                status::toString);
        assertTrue(
                status.out().contains("ResourceManager: " + marker.getProperty(LocalYarnLayout.RM_ADDRESS)),
                status::toString);
        assertTrue(status.out().lines().anyMatch(l -> l.matches("Web UI: http://[^:]+:\\d+")), status::toString);
        assertTrue(status.out().contains("NodeManagers: 2 of 2 RUNNING"), status::toString);
        assertTrue(status.out().contains("Applications not ended: 1"), status::toString);
        assertTrue(status.out().contains("ZooKeeper: " + quorum + " (running)"), status::toString);

        ScriptRun again = Scripts.run(dir, env, "local-yarn", "start");
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(
                again.err().contains("a local YARN cluster is already running in " + layout.directory()),
                again::toString);

        long waited = System.nanoTime();
        List<ProcessHandle> containers = awaitContainerProcesses(layout.workDir(), sleeper);
        System.out.printf(
                "container running after %d ms: %s%n", (System.nanoTime() - waited) / 1_000_000, describe(containers));
        assertTrue(
                containers.stream()
                        .anyMatch(p -> p.info().commandLine().orElse("").contains(sleeper)),
                () -> "no " + sleeper + " among " + describe(containers));

        started = System.nanoTime();
        ScriptRun stop = Scripts.run(dir, env, "local-yarn", "stop");
        System.out.printf("local-yarn stop: %d ms (script)%n", (System.nanoTime() - started) / 1_000_000);
        assertEquals(0, stop.exitCode(), stop::toString);
        assertTrue(stop.out().contains("Stopped the local YARN cluster in " + layout.directory()), stop::toString);
        assertFalse(stop.err().contains("left by the cluster"), "the NodeManagers killed their containers: " + stop);
        assertFalse(isRunning(pid), "the cluster JVM ended");
        assertTrue(containers.stream().noneMatch(p -> isRunning(p.pid())), () -> describe(containers));
        assertEquals(List.of(), containerProcesses(layout.workDir()));
        assertFalse(Files.exists(layout.marker()));
        assertFalse(Files.exists(layout.confDir()));
        assertTrue(
                stop.out()
                        .contains("Stopped the local ZooKeeper server in "
                                + layout.directory().resolve("zookeeper")),
                stop::toString);
        assertFalse(isRunning(zooKeeperPid), "the cluster's ZooKeeper server ended");

        ScriptRun stopAgain = Scripts.run(dir, env, "local-yarn", "stop");
        assertEquals(0, stopAgain.exitCode(), stopAgain::toString);
        assertTrue(
                stopAgain.out().contains("No local YARN cluster is running in " + layout.directory()),
                stopAgain::toString);
        assertEquals(3, Scripts.run(dir, env, "local-yarn", "status").exitCode());
        env = null;
    }

    @Test
    void theClusterJarsAreNotOnTheClientsClasspath() throws IOException {
        Path root = Scripts.repositoryRoot();
        try (Stream<Path> lib = Files.list(root.resolve("yarn-client/target/lib"))) {
            List<String> names = lib.map(p -> p.getFileName().toString()).toList();
            assertTrue(
                    names.stream()
                            .noneMatch(n ->
                                    n.startsWith("hadoop-yarn-server") || n.startsWith("hadoop-client-minicluster")),
                    names::toString);
            // Of the local cluster's module the CLI has the jar alone (LocalYarnLayout), none of its dependencies.
            assertTrue(names.stream().anyMatch(n -> n.startsWith("spindle-local-yarn-")), names::toString);
            assertTrue(names.stream().noneMatch(n -> n.startsWith("hadoop-common")), names::toString);
        }
        try (Stream<Path> lib = Files.list(root.resolve("local-yarn/target/lib"))) {
            List<String> names = lib.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("hadoop-yarn-server-resourcemanager-3.4.2.jar"), names::toString);
            assertTrue(
                    names.stream().noneMatch(n -> n.startsWith("hadoop-client-") || n.startsWith("spindle-")),
                    "the cluster runs Hadoop's unshaded jars, nothing of Spindle's: " + names);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Configuration clientConf(Path confDir) {
        Configuration conf = new Configuration(false);
        conf.addResource(
                new org.apache.hadoop.fs.Path(confDir.resolve("core-site.xml").toUri()));
        conf.addResource(
                new org.apache.hadoop.fs.Path(confDir.resolve("yarn-site.xml").toUri()));
        return new YarnConfiguration(conf);
    }

    /**
     * An application whose AM container only sleeps: a process the NodeManager must kill on stop.
     * Returns the sleep's command line, unique to this test.
     */
    private static String submitSleeper(YarnClient client) throws Exception {
        String command = "sleep 301";
        YarnClientApplication app = client.createApplication();
        ApplicationSubmissionContext context = app.getApplicationSubmissionContext();
        context.setApplicationName("local-yarn-it-sleeper");
        context.setQueue("default");
        context.setResource(Resource.newInstance(64, 1));
        context.setMaxAppAttempts(1);
        context.setAMContainerSpec(
                ContainerLaunchContext.newInstance(Map.of(), Map.of(), List.of(command), null, null, null));
        client.submitApplication(context);
        return command;
    }

    private static List<ProcessHandle> awaitContainerProcesses(Path workDir, String command)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + CONTAINER_WAIT_MILLIS;
        List<ProcessHandle> found = containerProcesses(workDir);
        while (found.stream().noneMatch(p -> p.info().commandLine().orElse("").contains(command))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            found = containerProcesses(workDir);
        }
        return found;
    }

    /**
     * Whether a process runs. A zombie does not: the script's shell, the JVM's parent, has exited,
     * and where nothing reaps orphans (some containers) the ended JVM stays a zombie.
     */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state ...: the state follows the last ')'.
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** As scripts/local-yarn finds them: the processes that run in a directory under work/. */
    private static List<ProcessHandle> containerProcesses(Path workDir) {
        return ProcessHandle.allProcesses()
                .filter(p -> isRunning(p.pid()))
                .filter(p -> {
                    try {
                        Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"));
                        return cwd.startsWith(workDir) && !cwd.equals(workDir);
                    } catch (IOException | UnsupportedOperationException | SecurityException e) {
                        return false;
                    }
                })
                .toList();
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList()
                .toString();
    }

    private static Properties marker(LocalYarnLayout layout) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(layout.marker())) {
            p.load(in);
        }
        return p;
    }

    private static String rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.substring(6).trim())
                .findFirst()
                .orElse("?");
    }
}
