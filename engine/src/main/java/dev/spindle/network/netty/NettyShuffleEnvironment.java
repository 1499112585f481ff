package dev.spindle.network.netty;

import dev.spindle.config.Configuration;
import dev.spindle.config.NetworkOptions;
import dev.spindle.network.InputChannel;
import dev.spindle.network.LocalInputChannel;
import dev.spindle.network.LocalShuffleEnvironment;
import dev.spindle.network.PartitionId;
import dev.spindle.network.ResultPartition;
import dev.spindle.network.ShuffleEnvironment;
import dev.spindle.security.ClusterSecret;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The exchanges of one TaskManager process. Partitions produced here are registered locally and
 * served to other processes by a {@link PartitionServer}; input channels read local producers
 * through memory ({@link LocalInputChannel}, no socket) and remote ones through a
 * {@link RemoteInputChannel} over one shared, authenticated connection per remote server. Which
 * is which comes from the {@link PartitionLocator} the TaskManager supplies.
 *
 * <p>Lifecycle: construct, {@link #start}, use, {@link #close}. Thread-safe.
 */
public final class NettyShuffleEnvironment implements ShuffleEnvironment, AutoCloseable {
    /** Partitions produced here, and exchanges whose producer runs here. */
    private final LocalShuffleEnvironment local;

    private final ClusterSecret secret;
    private final PartitionLocator locator;
    private final int segmentSize;
    private final int buffersPerChannel;
    private final int port;
    private final long connectTimeoutMillis;
    private final Duration handshakeTimeout;
    private EventLoopGroup group;
    private PartitionServer server;
    private PartitionClient client;

    public NettyShuffleEnvironment(Configuration config, ClusterSecret secret, PartitionLocator locator) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.locator = Objects.requireNonNull(locator, "locator");
        this.local = new LocalShuffleEnvironment(config);
        this.segmentSize = local.segmentSize();
        this.buffersPerChannel = local.buffersPerChannel();
        this.port = config.get(NetworkOptions.DATA_PORT);
        this.connectTimeoutMillis =
                Math.max(1, config.get(NetworkOptions.CONNECT_TIMEOUT).toMillis());
        this.handshakeTimeout = config.get(NetworkOptions.HANDSHAKE_TIMEOUT);
    }

    /**
     * Starts the partition server on {@code bindHost} and {@code taskmanager.data.port} (0: any free
     * port) and returns its address, which the TaskManager reports so that others can locate its
     * partitions.
     */
    public synchronized InetSocketAddress start(String bindHost) throws IOException {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        group = new NioEventLoopGroup(
                Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())),
                new DefaultThreadFactory("spindle-data", true));
        int maxFrame = segmentSize + NettyMessage.HEADER_ROOM;
        try {
            server = new PartitionServer(group, local.registry(), secret, maxFrame, bindHost, port, handshakeTimeout);
        } catch (IOException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
            throw e;
        }
        client = new PartitionClient(group, secret, maxFrame, connectTimeoutMillis);
        return server.address();
    }

    /** The address of this process's partition server. */
    public synchronized InetSocketAddress serverAddress() {
        requireStarted();
        return server.address();
    }

    @Override
    public ResultPartition createResultPartition(PartitionId id, int numSubpartitions) {
        return local.createResultPartition(id, numSubpartitions);
    }

    @Override
    public InputChannel createInputChannel(PartitionId id, int subpartitionIndex) throws IOException {
        PartitionLocator.RemoteProducer producer = locator.locate(id);
        if (producer == null) {
            return local.createInputChannel(id, subpartitionIndex);
        }
        PartitionClient c;
        synchronized (this) {
            requireStarted();
            c = client;
        }
        return new RemoteInputChannel(
                id, subpartitionIndex, producer, c, buffersPerChannel, segmentSize, local.budget());
    }

    @Override
    public void releasePartition(PartitionId id) {
        local.releasePartition(id);
    }

    @Override
    public void forgetJob(dev.spindle.core.JobId jobId) {
        local.forgetJob(jobId);
    }

    /** Connections this process opened to other partition servers so far (for tests and metrics). */
    public synchronized int connectionsOpened() {
        return client == null ? 0 : client.connectionsOpened();
    }

    /**
     * Closes the connections and the server; consumers elsewhere see their connection lost.
     * Partitions are released by their jobs, not here.
     */
    @Override
    public synchronized void close() {
        if (group == null) {
            return;
        }
        client.close();
        server.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        group = null;
    }

    private void requireStarted() {
        if (group == null || server == null) {
            throw new IllegalStateException("the shuffle environment is not started (or closed)");
        }
    }

    /** This TaskManager's network buffers, shared by its local and remote exchanges. */
    public dev.spindle.network.NetworkBufferBudget budget() {
        return local.budget();
    }
}
