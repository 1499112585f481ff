package dev.spindle.localyarn;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * What {@code scripts/local-yarn status} prints about the running cluster, asked of its
 * ResourceManager as any client would: its NodeManagers and their states, and the applications
 * that have not ended. Needs only the Hadoop client (the CLI's classpath), not the cluster's jars.
 *
 * <p>Usage: {@code LocalYarnStatus <conf dir>}. Exit codes: 0 answered, 1 the ResourceManager
 * could not be asked (within a few seconds).
 */
public final class LocalYarnStatus {
    private static final long CONNECT_MILLIS = 5_000;

    private LocalYarnStatus() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: LocalYarnStatus <conf dir>");
            System.exit(2);
        }
        try {
            print(Path.of(args[0]));
        } catch (Exception e) {
            System.err.println("local-yarn: cannot ask the ResourceManager: " + e);
            System.exit(1);
        }
    }

    private static void print(Path confDir) throws Exception {
        Configuration conf = new Configuration(false);
        for (String file : new String[] {"core-site.xml", "yarn-site.xml"}) {
            Path path = confDir.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new FileNotFoundException(path.toString());
            }
            conf.addResource(new org.apache.hadoop.fs.Path(path.toUri()));
        }
        // A cluster that stopped meanwhile: answer soon rather than retry for 15 minutes.
        conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, CONNECT_MILLIS);
        conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 500);
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(new YarnConfiguration(conf));
            client.start();
            List<NodeReport> nodes = client.getNodeReports();
            long running = nodes.stream()
                    .filter(n -> n.getNodeState() == NodeState.RUNNING)
                    .count();
            System.out.println("NodeManagers: " + running + " of " + nodes.size() + " RUNNING");
            for (NodeReport node : nodes) {
                System.out.printf(
                        "  %s %s %d MB %d vcores, %d container(s), %d MB used%n",
                        node.getNodeId(),
                        node.getNodeState(),
                        node.getCapability().getMemorySize(),
                        node.getCapability().getVirtualCores(),
                        node.getNumContainers(),
                        node.getUsed() == null ? 0 : node.getUsed().getMemorySize());
            }
            int applications = client.getApplications(EnumSet.of(
                            YarnApplicationState.NEW,
                            YarnApplicationState.NEW_SAVING,
                            YarnApplicationState.SUBMITTED,
                            YarnApplicationState.ACCEPTED,
                            YarnApplicationState.RUNNING))
                    .size();
            System.out.println("Applications not ended: " + applications);
        }
    }
}
