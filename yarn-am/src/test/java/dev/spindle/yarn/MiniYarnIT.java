package dev.spindle.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test YARN cluster starts, and a client that reads its yarn-site.xml sees both NodeManagers. */
class MiniYarnIT {
    @TempDir
    Path dir;

    @Test
    void startsWithTwoRunningNodeManagers() throws Exception {
        try (MiniYarn yarn = MiniYarn.start("mini-yarn-it", dir.resolve("conf"), 2048)) {
            org.apache.hadoop.conf.Configuration clientConf = new org.apache.hadoop.conf.Configuration(false);
            clientConf.addResource(new org.apache.hadoop.fs.Path(yarn.yarnSite().toUri()));
            try (YarnClient client = YarnClient.createYarnClient()) {
                client.init(new org.apache.hadoop.yarn.conf.YarnConfiguration(clientConf));
                client.start();
                long deadline = System.currentTimeMillis() + 30_000;
                List<NodeReport> nodes = client.getNodeReports(NodeState.RUNNING);
                while (nodes.size() < 2 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                    nodes = client.getNodeReports(NodeState.RUNNING);
                }
                assertEquals(2, nodes.size());
                assertEquals(
                        List.of("default"),
                        client.getAllQueues().stream()
                                .map(q -> q.getQueueName())
                                .toList());
            }
        }
    }
}
