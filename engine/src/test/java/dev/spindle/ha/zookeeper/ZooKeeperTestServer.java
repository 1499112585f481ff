package dev.spindle.ha.zookeeper;

import dev.spindle.config.Configuration;
import java.nio.file.Path;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real ZooKeeper server (Curator's in-process TestingServer) for all the tests of a class:
 * {@code @RegisterExtension static final ZooKeeperTestServer zooKeeper = new ZooKeeperTestServer();}
 */
final class ZooKeeperTestServer implements BeforeAllCallback, AfterAllCallback {
    private TestingServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = new TestingServer(true);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
    }

    TestingServer server() {
        return server;
    }

    /** HA options for a cluster of its own per test, named after the test method. */
    Configuration config(TestInfo test, Path storage) {
        return HaTestSupport.config(server, test.getTestMethod().orElseThrow().getName(), storage);
    }
}
