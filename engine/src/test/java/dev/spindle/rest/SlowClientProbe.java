package dev.spindle.rest;

import dev.spindle.cluster.JobManagerRunner;
import dev.spindle.config.Configuration;
import dev.spindle.config.RestOptions;
import dev.spindle.security.ClusterSecret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurement for issue 9 (slow clients): a real JobManager (in this JVM, default options) and an
 * attacker that opens {@code spindle.probe.connections} (3,000) connections which send part of
 * their headers and never finish, holds them {@code spindle.probe.seconds} (30), and, with
 * {@code spindle.probe.reconnect=true}, reopens every one the server closes. Meanwhile a
 * well-behaved client asks {@code GET /overview} on a new connection every 100 ms. The attack comes
 * from {@code spindle.probe.sources} loopback addresses (127.0.0.2, ...; default 1), the good
 * client from 127.0.0.1. Prints name=value lines: how many connections the endpoint held (counted
 * on the attacker's side: opened and not yet ended by the server; at some seconds, at most from
 * the first second on, and at the end), how many it shed on accept, how many it timed out with 408, and the latency of
 * /overview (p50, max, failures).
 *
 * <p>Not part of the suite (not named *Test, and off unless {@code spindle.probe=true}). Run with
 * {@code mvn -B -pl engine test -Dtest=SlowClientProbe -Dspindle.probe=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * The attacker's sockets are NIO channels on one selector thread; it needs as many file descriptors
 * as connections (ulimit -n), the endpoint at most {@code rest.connections.max} more.
 */
@EnabledIfSystemProperty(named = "spindle.probe", matches = "true")
class SlowClientProbe {
    private static final byte[] PARTIAL =
            "GET /overview HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

    private int shed;
    private int timedOut408;
    private int otherEnds;
    private int open;

    @Test
    void probe() throws Exception {
        int connections = Integer.getInteger("spindle.probe.connections", 3000);
        int seconds = Integer.getInteger("spindle.probe.seconds", 30);
        int sources = Integer.getInteger("spindle.probe.sources", 1);
        boolean reconnect = Boolean.getBoolean("spindle.probe.reconnect");
        Configuration config = new Configuration().set(RestOptions.PORT, 0);
        Path uploads = Files.createTempDirectory("spindle-probe");
        try (JobManagerRunner jobManager = JobManagerRunner.start(config, ClusterSecret.generate(), null, "127.0.0.1");
                Selector selector = Selector.open()) {
            InetSocketAddress rest = jobManager.startRestEndpoint(uploads);
            for (int i = 0; i < connections; i++) {
                connect(selector, rest, source(i, sources));
            }
            List<Long> latencies = new ArrayList<>();
            int failures = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long nextGet = System.nanoTime();
            int attempts = 0;
            long start = System.nanoTime();
            int[] heldAt = new int[seconds + 1];
            while (System.nanoTime() < end) {
                heldAt[(int) Math.min(seconds, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))] = open;
                selector.select(20);
                attempts += readEnds(selector, rest, sources, reconnect);
                if (System.nanoTime() >= nextGet) {
                    long latency = overview(rest);
                    if (latency < 0) {
                        failures++;
                    } else {
                        latencies.add(latency);
                    }
                    nextGet = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                }
            }
            Collections.sort(latencies);
            StringBuilder held = new StringBuilder();
            for (int second : new int[] {1, 5, 9, 11, 20, seconds - 1}) {
                if (second > 0 && second < seconds) {
                    held.append("held_at_")
                            .append(second)
                            .append("s=")
                            .append(heldAt[second])
                            .append('\n');
                }
            }
            System.out.print(held);
            System.out.printf(
                    "connections_opened=%d%nreconnect=%s%nsources=%d%nheld_max_after_1s=%d%nheld_at_end=%d%n"
                            + "shed_on_accept=%d%nanswered_408=%d%nother_ends=%d%noverview_requests=%d%n"
                            + "overview_failures=%d%noverview_p50_ms=%.1f%noverview_max_ms=%.1f%n",
                    connections + attempts,
                    reconnect,
                    sources,
                    max(heldAt, 1),
                    open,
                    shed,
                    timedOut408,
                    otherEnds,
                    latencies.size() + failures,
                    failures,
                    latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() / 2) / 1e6,
                    latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1) / 1e6);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
    }

    private static int max(int[] values, int from) {
        int max = 0;
        for (int i = from; i < values.length; i++) {
            max = Math.max(max, values[i]);
        }
        return max;
    }

    private static String source(int i, int sources) {
        return "127.0.0." + (2 + i % sources);
    }

    private void connect(Selector selector, InetSocketAddress rest, String source) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.bind(new InetSocketAddress(source, 0));
        channel.connect(rest);
        try {
            channel.write(ByteBuffer.wrap(PARTIAL));
        } catch (IOException e) {
            // closed on accept before our bytes arrived: the read below sees the end
        }
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ, new StringBuilder());
        open++;
    }

    /** Reads what arrived; counts and closes the connections the server ended. @return reconnects made */
    private int readEnds(Selector selector, InetSocketAddress rest, int sources, boolean reconnect) throws IOException {
        int reconnects = 0;
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (SelectionKey key : selector.selectedKeys()) {
            SocketChannel channel = (SocketChannel) key.channel();
            StringBuilder received = (StringBuilder) key.attachment();
            int n;
            do {
                buffer.clear();
                try {
                    n = channel.read(buffer);
                } catch (IOException e) {
                    n = -1;
                }
                if (n > 0) {
                    received.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
                }
            } while (n > 0);
            if (n < 0) {
                channel.close();
                open--;
                if (received.length() == 0) {
                    shed++;
                } else if (received.toString().startsWith("HTTP/1.1 408 ")) {
                    timedOut408++;
                } else {
                    otherEnds++;
                }
                if (reconnect) {
                    connect(selector, rest, source(shed + timedOut408 + otherEnds, sources));
                    reconnects++;
                }
            }
        }
        selector.selectedKeys().clear();
        return reconnects;
    }

    /** GET /overview on a new connection from 127.0.0.1: nanoseconds to the whole answer, or -1 if it failed. */
    private static long overview(InetSocketAddress rest) {
        long start = System.nanoTime();
        try (Socket socket = new Socket(rest.getAddress(), rest.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /overview HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.startsWith("HTTP/1.1 200 ") ? System.nanoTime() - start : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
