package dev.spindle.ha.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real ZooKeeper server in a JVM of its own ({@code QuorumPeerMain}, the version the engine's
 * client uses, from this test JVM's classpath), so that tests can kill it ({@link #kill9()}), stop
 * it and start it again on the same port with the same data ({@link #restart()}): what an
 * in-process {@code TestingServer} cannot show, a server that dies.
 *
 * <p>Its directory holds {@code zoo.cfg}, {@code data/} (snapshots and the transaction log; with
 * {@code myid} for an ensemble member) and {@code zookeeper.log}, the process's output, which is
 * appended to across restarts and kept. The server listens on the loopback interface only.
 *
 * <p>Never leaves a process behind: {@link #close()} stops it, and a JVM shutdown hook kills every
 * server still running when the test JVM ends. Not thread-safe: one test drives it.
 */
public final class ZooKeeperProcess implements AutoCloseable {
    /** How long {@link #start()} waits for the server to serve. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #stop()} waits after SIGTERM before it kills the server. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    static final String MAIN_CLASS = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
    /** Ticks of 500 ms: quick elections in an ensemble, sessions from 1 s. */
    static final int TICK_MILLIS = 500;

    private final Path dir;
    private final int clientPort;
    private final List<String> quorumConfig;
    private final Integer myId;
    private Process process;

    private ZooKeeperProcess(Path dir, int clientPort, List<String> quorumConfig, Integer myId) {
        this.dir = dir.toAbsolutePath();
        this.clientPort = clientPort;
        this.quorumConfig = List.copyOf(quorumConfig);
        this.myId = myId;
    }

    /** A standalone server on {@code port} (0: a free one) in {@code dir}; not started yet. */
    public static ZooKeeperProcess standalone(Path dir, int port) {
        return new ZooKeeperProcess(dir, port == 0 ? FreePorts.take(1)[0] : port, List.of(), null);
    }

    /** A member of an ensemble: {@code servers} are the {@code server.N=...} lines of every member. */
    static ZooKeeperProcess ensembleMember(Path dir, int clientPort, int myId, List<String> servers) {
        List<String> config = new ArrayList<>(servers);
        config.add("initLimit=10");
        config.add("syncLimit=5");
        return new ZooKeeperProcess(dir, clientPort, config, myId);
    }

    /** Starts the server and waits until it serves (at most {@link #START_TIMEOUT}). */
    public ZooKeeperProcess start() throws IOException, InterruptedException {
        launch();
        awaitServing(START_TIMEOUT);
        return this;
    }

    /**
     * Starts the server's JVM without waiting: a member of an ensemble serves only once a quorum
     * of them runs. Fails if it runs already, or if another process listens on its port (its
     * answers would pass for this server's).
     */
    void launch() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("the ZooKeeper server in " + dir + " runs already (pid " + pid() + ")");
        }
        if (accepts()) {
            throw new IOException("port " + clientPort + " of 127.0.0.1 is in use: the ZooKeeper server in " + dir
                    + " cannot listen on it");
        }
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Path config = dir.resolve("zoo.cfg");
        Files.write(config, configLines(data));
        if (myId != null) {
            Files.writeString(data.resolve("myid"), myId + "\n");
        }
        Path log4j = dir.resolve("log4j.properties");
        Files.writeString(
                log4j,
                "log4j.rootLogger=INFO, console\n"
                        + "log4j.appender.console=org.apache.log4j.ConsoleAppender\n"
                        + "log4j.appender.console.layout=org.apache.log4j.PatternLayout\n"
                        + "log4j.appender.console.layout.ConversionPattern=%d{HH:mm:ss.SSS} %-5p %c{1} - %m%n\n");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-Dlog4j.configuration=" + log4j.toUri(),
                "-Dzookeeper.admin.enableServer=false",
                "-cp",
                ZooKeeperClasspath.get(),
                MAIN_CLASS,
                config.toString());
        process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        LiveProcesses.add(process);
    }

    private List<String> configLines(Path data) {
        List<String> lines = new ArrayList<>(List.of(
                "tickTime=" + TICK_MILLIS,
                "dataDir=" + data,
                "clientPort=" + clientPort,
                "clientPortAddress=127.0.0.1",
                "maxClientCnxns=0",
                // Sessions of 1 to 60 s: the short ticks would cap them at 10 s, below the client's default.
                "maxSessionTimeout=60000",
                "admin.enableServer=false",
                "4lw.commands.whitelist=srvr,ruok",
                // A test's data is small: no purge, no preallocation of 64 MB log files.
                "preAllocSize=1024"));
        lines.addAll(quorumConfig);
        return lines;
    }

    /**
     * Waits until the server answers {@code srvr} with its mode (standalone, leader or follower):
     * it serves clients. Fails if the process exits first or the time runs out, with the end of
     * the log in the message.
     */
    void awaitServing(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!serves()) {
            if (!isRunning()) {
                throw new IOException("the ZooKeeper server in " + dir + " exited with code " + process.exitValue()
                        + " before it served; " + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the ZooKeeper server in " + dir + " did not serve within " + timeout.toSeconds()
                        + " s; " + logTail());
            }
            Thread.sleep(50);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", clientPort), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server answers {@code srvr} with a mode: it serves clients. */
    public boolean serves() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", clientPort), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).contains("Mode: ");
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the server with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill9() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
            LiveProcesses.remove(process);
        }
    }

    /** Stops the server with SIGTERM (SIGKILL after {@link #STOP_TIMEOUT}); nothing if it does not run. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            LiveProcesses.remove(process);
        }
    }

    /** Stops the server if it runs and starts it again on the same port with the same data. */
    public ZooKeeperProcess restart() throws IOException, InterruptedException {
        stop();
        return start();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The pid of the server's JVM (the last one started). */
    public long pid() {
        return Objects.requireNonNull(process, "never started").pid();
    }

    public int port() {
        return clientPort;
    }

    /** {@code 127.0.0.1:<port>}: the quorum of this server alone. */
    public String connectString() {
        return "127.0.0.1:" + clientPort;
    }

    public Path directory() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve("zookeeper.log");
    }

    /** Stops the server ({@link #stop()}); interrupted, it kills it at once and keeps the interrupt. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ZooKeeper server " + connectString() + " in " + dir + (isRunning() ? " (pid " + pid() + ")" : "");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile());
            return "the end of " + logFile() + ":\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
