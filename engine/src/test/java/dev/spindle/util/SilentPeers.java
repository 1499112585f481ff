package dev.spindle.util;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Real loopback connections that say nothing, for testing a server's connection limits; each one's
 * end is read in the background: how many bytes the server sent, and whether it ended the stream.
 */
public final class SilentPeers implements AutoCloseable {
    /** What one silent connection saw: bytes received before the server ended it (or -1 if it never did). */
    public record End(int bytesReceived, boolean ended) {
        /** Closed (FIN or reset) without a byte: refused on accept. */
        public boolean refusedOnAccept() {
            return ended && bytesReceived == 0;
        }
    }

    private final List<Socket> sockets = new ArrayList<>();
    private final List<CompletableFuture<End>> ends = new ArrayList<>();
    private final List<CompletableFuture<Boolean>> greeted = new ArrayList<>();
    private final ExecutorService readers = Executors.newCachedThreadPool();

    /** Opens {@code count} connections from {@code localAddress} (e.g. 127.0.0.2) to {@code server}. */
    public SilentPeers(String localAddress, InetSocketAddress server, int count, int readTimeoutMillis)
            throws IOException {
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket();
            sockets.add(socket);
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(server);
            socket.setSoTimeout(readTimeoutMillis);
            CompletableFuture<Boolean> firstByte = new CompletableFuture<>();
            greeted.add(firstByte);
            ends.add(CompletableFuture.supplyAsync(() -> readToEnd(socket, firstByte), readers));
        }
    }

    private static End readToEnd(Socket socket, CompletableFuture<Boolean> firstByte) {
        int received = 0;
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received += n;
                firstByte.complete(true);
            }
            return new End(received, true);
        } catch (SocketTimeoutException e) {
            return new End(received, false);
        } catch (IOException e) {
            return new End(received, true); // reset
        } finally {
            firstByte.complete(false);
        }
    }

    /**
     * Waits for connection {@code i} to receive its first byte (true: the server greeted it, so it
     * holds a slot) or to end without one (false).
     */
    public boolean greeted(int i) throws Exception {
        return greeted.get(i).get(30, TimeUnit.SECONDS);
    }

    /** Waits (at most {@code seconds}) until {@code count} connections have ended, and returns how many have. */
    public long awaitEnded(int count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (ended() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return ended();
    }

    public long ended() {
        return ends.stream().filter(CompletableFuture::isDone).count();
    }

    /** The ends of the connections that have ended so far. */
    public List<End> ends() {
        return ends.stream()
                .filter(CompletableFuture::isDone)
                .map(CompletableFuture::join)
                .toList();
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        readers.shutdownNow();
    }
}
