package dev.spindle.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.config.Configuration;
import dev.spindle.config.RestOptions;
import dev.spindle.jobmanager.TestingDispatcherGateway;
import dev.spindle.jobmanager.TestingJarRunner;
import dev.spindle.security.ClusterSecret;
import dev.spindle.security.RestTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A running server on an ephemeral loopback port with testing doubles, and a raw HTTP client. */
abstract class RestTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final TestingDispatcherGateway gateway = new TestingDispatcherGateway();
    final TestingJarRunner jarRunner = new TestingJarRunner();
    final ClusterSecret secret = ClusterSecret.generate();
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    RestServer server;
    InetSocketAddress address;

    void start(Configuration extra) throws IOException {
        start(extra, null);
    }

    void start(Configuration extra, Runnable shutdownCallback) throws IOException {
        start(extra, shutdownCallback, OperationsSources.NONE);
    }

    void start(Configuration extra, Runnable shutdownCallback, OperationsSources operations) throws IOException {
        Configuration config = new Configuration();
        config.set(RestOptions.PORT, 0);
        config.addAll(extra);
        server = new RestServer(gateway, jarRunner, uploadDir(), secret, config, shutdownCallback, operations);
        address = server.start();
    }

    void start() throws IOException {
        start(new Configuration());
    }

    Path uploadDir() {
        return dir.resolve("uploads");
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    String token() {
        return RestTokens.restToken(secret);
    }

    /** A status and the body parsed as JSON. */
    record Reply(int status, JsonNode json) {
        String error() {
            return json.path("errors").path(0).asText();
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    Reply send(String method, String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How a raw exchange ended, as seen by the client. */
    enum Ending {
        /** the server sent bytes and then ended the stream */
        ANSWERED,
        /** the server ended the stream (FIN) without sending a byte */
        CLOSED,
        /** the connection was reset, or a write to it failed, before the end of the stream */
        RESET,
        /** nothing ended the stream within the read timeout */
        TIMED_OUT
    }

    /** What a raw connection received: the bytes read from the wire, and how it ended. */
    record RawReply(Ending ending, String text) {
        /** The status of the response's first line; fails when there was none. */
        int status() {
            if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                throw new AssertionError("no HTTP status on the wire (" + ending + "): '" + text + "'");
            }
            return Integer.parseInt(text.substring(9, 12));
        }

        boolean answeredWithout() {
            return text.isEmpty() && (ending == Ending.CLOSED || ending == Ending.RESET);
        }
    }

    /**
     * Writes {@code request} on a new loopback connection and reads until the server ends the
     * stream, reporting exactly what came back: no outcome is invented when the client fails.
     */
    RawReply exchange(byte[] request, Duration readTimeout) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", address.getPort())) {
            socket.setSoTimeout((int) readTimeout.toMillis());
            boolean written = true;
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                written = false; // the answer may still be readable
            }
            RawReply reply = readToEnd(socket);
            return written || reply.ending() != Ending.CLOSED ? reply : new RawReply(Ending.RESET, reply.text());
        }
    }

    /** Reads what the server sends until it ends the stream, resets, or the socket's timeout passes. */
    static RawReply readToEnd(Socket socket) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Ending ending;
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
            ending = received.size() > 0 ? Ending.ANSWERED : Ending.CLOSED;
        } catch (SocketTimeoutException e) {
            ending = Ending.TIMED_OUT;
        } catch (IOException e) {
            ending = Ending.RESET;
        }
        return new RawReply(ending, received.toString(StandardCharsets.ISO_8859_1));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + address.getPort() + path);
    }

    /** A multipart/form-data body; call {@link #finish()} for the bytes. */
    static final class Form {
        final String boundary = "b" + UUID.randomUUID();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Form file(String name, String filename, byte[] content) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                            + filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] finish() {
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }

    /** A small real jar. */
    Path jar(String name) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("hello.txt"));
            out.write("hello".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    static Duration timeout() {
        return Duration.ofSeconds(10);
    }
}
