package dev.spindle.cluster.taskexecutor;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.config.ClusterOptions;
import dev.spindle.config.Configuration;
import dev.spindle.security.ClusterSecret;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TaskManagerRegistrationTimeoutTest {
    /**
     * A "JobManager" that accepts the connection and never says a word: the TaskManager gives up
     * after taskmanager.registration.timeout (here far below the 10 s handshake timeout, which would
     * otherwise end it), instead of a fixed 30 s.
     */
    @Test
    void aTaskManagerGivesUpOnASilentJobManagerAfterTheRegistrationTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    Socket accepted = silent.accept();
                    try {
                        Thread.sleep(60_000);
                    } finally {
                        accepted.close();
                    }
                } catch (Exception e) {
                    // the test ended
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Configuration config = new Configuration();
            config.set(ClusterOptions.TASK_MANAGER_REGISTRATION_TIMEOUT, Duration.ofMillis(300));
            Exception e = assertThrows(
                    Exception.class,
                    () -> TaskManagerRunner.start(
                            config,
                            ClusterSecret.generate(),
                            "tm-1",
                            1,
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()),
                            "127.0.0.1",
                            () -> {}));
            assertInstanceOf(TimeoutException.class, e, e::toString);
            acceptor.interrupt();
        }
    }
}
