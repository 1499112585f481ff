package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.RestOptions;
import dev.spindle.util.CapturedWarnings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that connect and never finish a request, on real loopback sockets: the endpoint holds
 * only so many, sheds the rest at once, times the slow ones out, and keeps serving others.
 */
class RestSlowClientTest extends RestTestSupport {
    /** Headers begun and never ended (no blank line). */
    private static final byte[] PARTIAL =
            "GET /overview HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

    private final List<Socket> sockets = new ArrayList<>();
    private final ExecutorService readers = Executors.newCachedThreadPool();

    @AfterEach
    void closeClients() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        readers.shutdownNow();
    }

    @Test
    void excessConnectionsAreClosedAtOnceAndSlowOnesAnswered408AfterTheHeaderTimeout() throws Exception {
        start(new Configuration()
                .set(RestOptions.CONNECTIONS_MAX, 10)
                .set(RestOptions.CONNECTIONS_MAX_PER_ADDRESS, 10)
                .set(RestOptions.HEADER_TIMEOUT, Duration.ofSeconds(3)));
        List<CompletableFuture<RawReply>> replies = attack("127.0.0.1", 20);
        List<RawReply> all = new ArrayList<>();
        for (CompletableFuture<RawReply> reply : replies) {
            all.add(reply.get(60, TimeUnit.SECONDS));
        }
        List<RawReply> shed = all.stream().filter(RawReply::answeredWithout).collect(Collectors.toList());
        List<RawReply> timedOut =
                all.stream().filter(r -> r.ending() == Ending.ANSWERED).collect(Collectors.toList());
        assertEquals(10, shed.size(), "closed without an answer: " + all);
        assertEquals(10, timedOut.size(), "answered: " + all);
        for (RawReply r : timedOut) {
            assertEquals(408, r.status(), r.text());
            assertTrue(r.text().contains("not complete within rest.request.header-timeout (3000 ms)"), r.text());
        }
        assertEquals(200, get("/overview").status());
    }

    @Test
    void aWellBehavedClientIsServedWhileOnePeerHoldsAllItMay() throws Exception {
        start(new Configuration()
                .set(RestOptions.CONNECTIONS_MAX, 30)
                .set(RestOptions.CONNECTIONS_MAX_PER_ADDRESS, 10)
                .set(RestOptions.HEADER_TIMEOUT, Duration.ofMinutes(5)));
        // the attacker connects from 127.0.0.2, the well-behaved client from 127.0.0.1
        List<CompletableFuture<RawReply>> replies = attack("127.0.0.2", 20);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (replies.stream().filter(CompletableFuture::isDone).count() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<RawReply> shed = replies.stream()
                .filter(CompletableFuture::isDone)
                .map(CompletableFuture::join)
                .collect(Collectors.toList());
        assertEquals(10, shed.size(), "shed: " + shed);
        assertTrue(shed.stream().allMatch(RawReply::answeredWithout), "shed: " + shed);

        long start = System.nanoTime();
        assertEquals(200, get("/overview").status());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 5000, "GET /overview took " + millis + " ms during the attack");
        assertEquals(10, replies.stream().filter(r -> !r.isDone()).count(), "the attacker keeps its 10 slots");
    }

    @Test
    void whenAllSlotsAreTakenTheOldestUnfinishedConnectionMakesRoom() throws Exception {
        start(new Configuration()
                .set(RestOptions.CONNECTIONS_MAX, 10)
                .set(RestOptions.CONNECTIONS_MAX_PER_ADDRESS, 10)
                .set(RestOptions.HEADER_TIMEOUT, Duration.ofMinutes(5)));
        List<CompletableFuture<RawReply>> replies = attack("127.0.0.2", 10);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.openConnections() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(10, server.openConnections(), "the attacker holds every slot");

        assertEquals(200, get("/overview").status());
        RawReply evicted = replies.get(0).get(30, TimeUnit.SECONDS);
        assertTrue(evicted.answeredWithout(), "the oldest attacker made room: " + evicted);
        assertEquals(9, replies.stream().filter(r -> !r.isDone()).count(), "the other 9 are still held");
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdlenessTimeout() throws Exception {
        start(new Configuration().set(RestOptions.IDLENESS_TIMEOUT, Duration.ofMillis(500)));
        RawReply r = exchange(
                "GET /overview HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                Duration.ofSeconds(20));
        assertEquals(Ending.ANSWERED, r.ending(), r.toString());
        assertEquals(200, r.status(), r.text());
        assertTrue(r.text().contains("keep-alive"), "a kept-alive answer, closed later: " + r.text());
    }

    @Test
    void aStalledBodyIsAnswered408AfterTheIdlenessTimeout() throws Exception {
        start(new Configuration().set(RestOptions.IDLENESS_TIMEOUT, Duration.ofMillis(500)));
        String request = "POST /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token()
                + "\r\nContent-Length: 100\r\n\r\n0123456789";
        RawReply r = exchange(request.getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(20));
        assertEquals(Ending.ANSWERED, r.ending(), r.toString());
        assertEquals(408, r.status(), r.text());
        assertTrue(
                r.text().contains("no part of the request body arrived within rest.idleness-timeout (500 ms)"),
                r.text());
        assertTrue(gateway.submitted.isEmpty());
    }

    @Test
    void refusalsAreLoggedTenTimesPerIntervalNotOncePerConnection() throws Exception {
        try (CapturedWarnings warnings = new CapturedWarnings(RestServer.class)) {
            start(new Configuration()
                    .set(RestOptions.CONNECTIONS_MAX_PER_ADDRESS, 1)
                    .set(RestOptions.HEADER_TIMEOUT, Duration.ofMinutes(5)));
            List<CompletableFuture<RawReply>> replies = attack("127.0.0.1", 41);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (replies.stream().filter(CompletableFuture::isDone).count() < 40 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(40, replies.stream().filter(CompletableFuture::isDone).count());
            List<String> refused = warnings.startingWith("Refused REST connection from /127.0.0.1:");
            assertEquals(10, refused.size(), "WARN lines: " + warnings.lines());
            assertTrue(
                    refused.get(0)
                            .endsWith(": 1 connections from this address are open, the most allowed per address "
                                    + "(rest.connections.max, rest.connections.max-per-address)"),
                    refused.get(0));
        }
    }

    /** Opens {@code count} connections from {@code localAddress} that send partial headers; each reply is read in the background. */
    private List<CompletableFuture<RawReply>> attack(String localAddress, int count) throws IOException {
        List<CompletableFuture<RawReply>> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            sockets.add(socket);
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(address);
            socket.setSoTimeout((int) Duration.ofMinutes(1).toMillis());
            boolean written = true;
            try {
                socket.getOutputStream().write(PARTIAL);
            } catch (IOException e) {
                written = false; // already closed by the server
            }
            boolean wrote = written;
            replies.add(CompletableFuture.supplyAsync(
                    () -> {
                        RawReply r = readToEnd(socket);
                        return wrote || r.ending() != Ending.CLOSED ? r : new RawReply(Ending.RESET, r.text());
                    },
                    readers));
        }
        return replies;
    }
}
