package dev.spindle.ha.testing;

import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.retry.RetryOneTime;

/** The Curator clients of the fixtures' tests: bounded waits, so that a server that is gone fails fast. */
final class CuratorClients {
    /** How long an operation waits for a connection before it fails with a connection loss. */
    static final int CONNECTION_TIMEOUT_MILLIS = 3_000;

    private CuratorClients() {}

    /** A client that retries an operation for a while: it rides over a server of an ensemble that dies. */
    static CuratorFramework patient(String connectString) {
        return started(connectString, new RetryNTimes(20, 500));
    }

    /** A client that tries once more, then fails: it shows that no server serves. */
    static CuratorFramework impatient(String connectString) {
        return started(connectString, new RetryOneTime(100));
    }

    private static CuratorFramework started(String connectString, org.apache.curator.RetryPolicy retry) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(10_000)
                .connectionTimeoutMs(CONNECTION_TIMEOUT_MILLIS)
                .retryPolicy(retry)
                .build();
        client.start();
        return client;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
