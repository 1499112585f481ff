package dev.spindle.security.handshake;

import static dev.spindle.security.handshake.RawHandshake.assertClosedByPeer;
import static dev.spindle.security.handshake.RawHandshake.readHello;
import static dev.spindle.security.handshake.RawHandshake.writeAuth;
import static dev.spindle.security.handshake.RawHandshake.writeFrame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.security.ClusterSecret;
import dev.spindle.util.CapturedWarnings;
import dev.spindle.util.RateLimitedLogger;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The shared handshake on real loopback sockets, between its own handlers and against a raw peer:
 * what it lets through once both sides hold the secret, and what it refuses, with which message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeTest {
    /** "TEST". */
    private static final int MAGIC = 0x54455354;

    private static final HandshakeSpec SPEC =
            new HandshakeSpec("test", "test server", MAGIC, (short) 1, Duration.ofSeconds(10));
    private static final int MAX_FRAME_BYTES = 64 * 1024;

    private final ClusterSecret secret = ClusterSecret.generate();
    private final NioEventLoopGroup group = new NioEventLoopGroup(2);
    private final CapturedWarnings warnings = new CapturedWarnings(ServerHandshake.class);
    private final RateLimitedLogger refusals =
            RateLimitedLogger.standard(LoggerFactory.getLogger(ServerHandshake.class), "refused test connections");

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        warnings.close();
    }

    /** A server whose authenticated connections echo every frame back. */
    private InetSocketAddress server(ClusterSecret serverSecret, HandshakeSpec spec) {
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Handshake.init(
                                ch,
                                new ServerHandshake(
                                        serverSecret, spec, refusals, pipeline -> pipeline.addLast("echo", new Echo())),
                                MAX_FRAME_BYTES);
                    }
                })
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
        return (InetSocketAddress) server.localAddress();
    }

    /** A client connection; its "collect" handler, added once authenticated, completes {@code echoed} with the first frame. */
    private record Client(Channel channel, CompletableFuture<Void> done, CompletableFuture<byte[]> echoed) {}

    private Client connect(ClusterSecret clientSecret, HandshakeSpec spec, InetSocketAddress server) {
        CompletableFuture<byte[]> echoed = new CompletableFuture<>();
        ClientHandshake handshake = new ClientHandshake(
                clientSecret, spec, server, pipeline -> pipeline.addLast("collect", new Collect(echoed)));
        Channel channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Handshake.init(ch, handshake, MAX_FRAME_BYTES);
                    }
                })
                .connect(server)
                .syncUninterruptibly()
                .channel();
        return new Client(channel, handshake.done(), echoed);
    }

    @Test
    void peersWithTheSecretHandTheConnectionToTheProtocolWithItsFullFrameSize() throws Exception {
        InetSocketAddress address = server(secret, SPEC);
        Client client = connect(secret, SPEC, address);
        client.done().get(10, TimeUnit.SECONDS);
        assertEquals(
                List.of(Handshake.FRAMES, "collect"),
                client.channel().pipeline().names().subList(0, 2));
        byte[] big = new byte[4 * Handshake.MAX_FRAME_BYTES_BEFORE_AUTH];
        new java.util.Random(7).nextBytes(big);
        client.channel().writeAndFlush(Unpooled.buffer().writeInt(big.length).writeBytes(big));
        assertArrayEquals(big, client.echoed().get(10, TimeUnit.SECONDS));
        assertEquals(List.of(), warnings.lines());
    }

    @Test
    void aClientWithAnotherSecretIsRefusedAndLogged() throws Exception {
        InetSocketAddress address = server(secret, SPEC);
        Client stranger = connect(ClusterSecret.generate(), SPEC, address);
        assertEquals(
                "test server " + address + " closed the connection during authentication (does it hold the same "
                        + "cluster secret?)",
                failureOf(stranger.done()).getMessage());
        warnings.await("wrong proof of the cluster secret");
        String line = warnings.lines().get(0);
        assertTrue(line.startsWith("Refused test connection from /127.0.0.1:"), line);
        assertFalse(stranger.echoed().isDone(), "nothing reached the protocol's handler");
    }

    @Test
    void aServerWithAnotherSecretIsRefusedByTheClient() throws Exception {
        InetSocketAddress impostor = server(ClusterSecret.generate(), SPEC);
        Client client = connect(secret, SPEC, impostor);
        // The impostor cannot tell the client's proof from a stranger's: it refuses, and the client learns no more.
        assertEquals(
                "test server " + impostor + " closed the connection during authentication (does it hold the same "
                        + "cluster secret?)",
                failureOf(client.done()).getMessage());
        client.channel().closeFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aServerOfAnotherProtocolOrVersionIsRefusedByTheClientNamingIt() throws Exception {
        InetSocketAddress address = server(secret, SPEC);
        HandshakeSpec other = new HandshakeSpec("other", "other server", 0x4f544852, (short) 1, Duration.ofSeconds(10));
        Client wrongPort = connect(secret, other, address);
        assertEquals(
                "other server " + address + " does not speak the Spindle other protocol (magic 0x54455354, "
                        + "expected 0x4f544852)",
                failureOf(wrongPort.done()).getMessage());
        wrongPort.channel().closeFuture().get(10, TimeUnit.SECONDS);

        HandshakeSpec newer = new HandshakeSpec("test", "test server", MAGIC, (short) 2, Duration.ofSeconds(10));
        Client newerClient = connect(secret, newer, address);
        assertEquals(
                "test server " + address + " speaks protocol version 1, this client speaks 2",
                failureOf(newerClient.done()).getMessage());
        newerClient.channel().closeFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientOfAnotherProtocolOrVersionIsRefusedByTheServerNamingIt() throws Exception {
        InetSocketAddress address = server(secret, SPEC);
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            writeAuth(s, secret, readHello(s, MAGIC, (short) 1), 0x4f544852, (short) 1);
            assertClosedByPeer(s);
        }
        warnings.await("the client does not speak the Spindle test protocol (magic 0x4f544852, expected 0x54455354)");
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            writeAuth(s, secret, readHello(s, MAGIC, (short) 1), MAGIC, (short) 2);
            assertClosedByPeer(s);
        }
        warnings.await("the client speaks protocol version 2, this server speaks 1");
    }

    @Test
    void aFrameOverTheCapBeforeAuthenticationClosesTheConnection() throws Exception {
        InetSocketAddress address = server(secret, SPEC);
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            readHello(s, MAGIC, (short) 1);
            writeFrame(s, Handshake.MAX_FRAME_BYTES_BEFORE_AUTH + 1);
            assertClosedByPeer(s);
        }
        warnings.await("TooLongFrameException: a frame of 257 bytes before authentication (at most 256)");
        // A frame at the cap gets through the framing, and is refused for what it is.
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            readHello(s, MAGIC, (short) 1);
            writeFrame(s, Handshake.MAX_FRAME_BYTES_BEFORE_AUTH);
            assertClosedByPeer(s);
        }
        warnings.await("expected an AUTH frame of 71 bytes, got type 0 with 256 bytes");
    }

    @Test
    void aClientThatNeverAnswersIsCutAtTheServersTimeout() throws Exception {
        InetSocketAddress address = server(secret, SPEC.withTimeout(Duration.ofMillis(200)));
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            readHello(s, MAGIC, (short) 1);
            assertClosedByPeer(s);
        }
        warnings.await("no authentication within 200 ms");
    }

    @Test
    void aServerThatNeverAnswersIsCutAtTheClientsTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", silent.getLocalPort());
            Client client = connect(secret, SPEC.withTimeout(Duration.ofMillis(200)), address);
            try (Socket accepted = silent.accept()) {
                accepted.setSoTimeout(10_000);
                assertEquals(
                        "test server " + address + " did not complete authentication within 200 ms",
                        failureOf(client.done()).getMessage());
                assertClosedByPeer(accepted);
            }
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        Throwable failure = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS))
                .getCause();
        return assertInstanceOf(HandshakeException.class, failure);
    }

    /** Echoes each frame back with its length. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf frame = (ByteBuf) msg;
            ctx.writeAndFlush(Unpooled.buffer(4 + frame.readableBytes())
                    .writeInt(frame.readableBytes())
                    .writeBytes(frame));
            frame.release();
        }
    }

    /** Completes a future with the first frame it reads. */
    private static final class Collect extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<byte[]> first;

        Collect(CompletableFuture<byte[]> first) {
            this.first = first;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                first.complete(ByteBufUtil.getBytes((ByteBuf) msg));
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
