package dev.spindle.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.config.Configuration;
import dev.spindle.config.HistoryServerOptions;
import dev.spindle.config.IllegalConfigurationException;
import dev.spindle.history.archive.JobArchives;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history server: serves the archives that JobManagers write to
 * {@code jobmanager.archive.fs.dir} after their clusters are gone, with the same paths and shapes as
 * a live REST endpoint and the same dashboard ({@code historyserver.*} options,
 * {@link HistoryServerOptions}). Every {@code historyserver.archive.fs.refresh-interval} an
 * {@link ArchiveFetcher} copies new archives into the local {@code historyserver.web.tmpdir};
 * a {@link HistoryRequestHandler} answers from there, read-only.
 *
 * <p>Pipeline of a connection: {@code HttpServerCodec → HttpObjectAggregator (8 KiB: GET only) →
 * HistoryRequestHandler}. Threads: one scheduler thread refreshes; Netty's event loops answer.
 * {@link #start} and {@link #close} are the owner's (the {@link HistoryServerMain} thread, or a test).
 */
public final class HistoryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryServer.class);

    private final Configuration config;
    private final List<String> directories;
    private Path localDir;
    private boolean ownsLocalDir;
    private ArchiveFetcher fetcher;
    private ScheduledExecutorService scheduler;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    /** @throws IllegalConfigurationException when {@code historyserver.archive.fs.dir} names no directory */
    public HistoryServer(Configuration config) {
        this.config = new Configuration(config);
        String dirs = config.get(HistoryServerOptions.ARCHIVE_DIRS);
        this.directories = dirs == null
                ? List.of()
                : Arrays.stream(dirs.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        if (directories.isEmpty()) {
            throw new IllegalConfigurationException(HistoryServerOptions.ARCHIVE_DIRS.key()
                    + " is not set; set it to the directories the JobManagers archive to (their "
                    + "jobmanager.archive.fs.dir), comma-separated");
        }
    }

    /**
     * Checks the archive directories, reads their archives once and starts serving on
     * {@code historyserver.web.address}:{@code historyserver.web.port}.
     *
     * @return the bound address
     * @throws IllegalConfigurationException when an archive directory does not exist
     * @throws IOException when the port cannot be bound or the local directory not be made
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        for (String directory : directories) {
            requireDirectory(directory);
        }
        String tmp = config.get(HistoryServerOptions.WEB_TMPDIR);
        ownsLocalDir = tmp == null || tmp.isBlank();
        localDir = ownsLocalDir ? Files.createTempDirectory("spindle-history-") : Files.createDirectories(Path.of(tmp));
        fetcher = new ArchiveFetcher(directories, config.get(HistoryServerOptions.RETAINED_JOBS), localDir);
        fetcher.refresh();
        InetSocketAddress bound = bind(new HistoryRequestHandler(fetcher.views(), configJson()));
        long every = config.get(HistoryServerOptions.REFRESH_INTERVAL).toMillis();
        scheduler =
                Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("spindle-history-fetcher", true));
        ArchiveFetcher refreshing = fetcher;
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        refreshing.refresh();
                    } catch (RuntimeException e) {
                        // a failed refresh must not end the schedule: the next one may succeed
                        LOG.warn("Looking for new job archives failed: {}", e.toString(), e);
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        LOG.info(
                "History server listening on http://{}:{}, serving the archives of {}",
                bound.getHostString(),
                bound.getPort(),
                String.join(", ", directories));
        return bound;
    }

    private static void requireDirectory(String directory) {
        String problem = JobArchives.directoryProblem(directory);
        if (problem != null) {
            throw new IllegalConfigurationException("the archive directory " + directory + " ("
                    + HistoryServerOptions.ARCHIVE_DIRS.key() + ") " + problem + "; create it, or correct the option");
        }
    }

    private InetSocketAddress bind(HistoryRequestHandler handler) throws IOException {
        String address = config.get(HistoryServerOptions.WEB_ADDRESS);
        String host = address == null || address.isBlank() ? "127.0.0.1" : address.trim();
        int port = config.get(HistoryServerOptions.WEB_PORT);
        bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("spindle-history-boss", true));
        workerGroup = new NioEventLoopGroup(2, new DefaultThreadFactory("spindle-history", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("http", new HttpServerCodec())
                                .addLast("aggregator", new HttpObjectAggregator(8192))
                                .addLast("history", handler);
                    }
                });
        try {
            serverChannel = bootstrap.bind(host, port).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the channel's checked exception (BindException) as is
            shutDownGroups();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new IOException(
                        "cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); the port "
                                + "is taken or the address is not this machine's: set "
                                + HistoryServerOptions.WEB_PORT.key()
                                + " or " + HistoryServerOptions.WEB_ADDRESS.key(),
                        e);
            }
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e, e);
        }
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** {@code GET /config}: the dashboard's settings, as a REST endpoint's, with the history feature on. */
    private byte[] configJson() throws IOException {
        TimeZone zone = TimeZone.getDefault();
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("web-submit", false);
        features.put("web-cancel", false);
        features.put("web-history", true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "refresh-interval",
                config.get(HistoryServerOptions.WEB_REFRESH_INTERVAL).toMillis());
        body.put("timezone-name", zone.getID());
        body.put("timezone-offset", zone.getOffset(System.currentTimeMillis()));
        body.put("flink-version", version());
        body.put("flink-revision", "");
        body.put("features", features);
        return new ObjectMapper().writeValueAsBytes(body);
    }

    /** Looks for new and removed archives now (the scheduler does it every refresh interval). */
    public void refresh() {
        fetcher.refresh();
    }

    /** Stops serving and removes the local directory if it made it. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        shutDownGroups();
        if (ownsLocalDir && localDir != null) {
            try {
                ArchiveFetcher.deleteRecursively(localDir);
            } catch (IOException e) {
                LOG.debug("Could not delete {}: {}", localDir, e.toString());
            }
        }
    }

    private void shutDownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup = null;
            workerGroup = null;
        }
    }

    static String version() {
        String v = HistoryServer.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    /** Runs a history server; see {@link HistoryServerMain}. */
    public static void main(String[] args) {
        System.exit(HistoryServerMain.run(args));
    }
}
