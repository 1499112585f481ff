package dev.spindle.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.config.Configuration;
import dev.spindle.config.MemorySize;
import dev.spindle.config.RestOptions;
import dev.spindle.core.JobId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Failures of the gateway, slow answers, oversized bodies and garbage on the socket. */
class RestRobustnessTest extends RestTestSupport {

    @Test
    void gatewayFailuresAre500WithTheMessageButNoStackTrace() throws Exception {
        start();
        gateway.override = CompletableFuture.failedFuture(new IllegalStateException("dispatcher is gone"));
        Reply r = get("/overview");
        assertEquals(500, r.status());
        assertEquals("dispatcher is gone", r.error());
        assertFalse(r.json().toString().contains("at dev.spindle"));
        gateway.override = null;
        assertEquals(200, get("/overview").status());
    }

    @Test
    void slowGatewayIs503() throws Exception {
        start(new Configuration().set(RestOptions.REQUEST_TIMEOUT, Duration.ofMillis(200)));
        CompletableFuture<Object> never = new CompletableFuture<>();
        gateway.override = never;
        Reply r = get("/jobs/" + JobId.generate());
        assertEquals(503, r.status());
        assertFalse(never.isDone(), "the timeout does not complete the gateway's own future");
        gateway.override = null;
        assertEquals(200, get("/jobs").status());
    }

    @Test
    void oversizedBodiesAreAnswered413AndTheConnectionClosed() throws Exception {
        start(new Configuration().set(RestOptions.MAX_CONTENT_LENGTH, new MemorySize(1024)));
        // a body that fits in the socket buffers, and one the client is still writing when the 413 leaves
        for (int size : new int[] {4096, 4 * 1024 * 1024}) {
            Form form = new Form().file("jarfile", "big.jar", new byte[size]);
            RawReply r = upload(form);
            assertEquals(Ending.ANSWERED, r.ending(), "body of " + size + " bytes: " + r);
            assertEquals(413, r.status(), r.text());
            assertTrue(r.text().contains("larger than rest.max-content-length (1024 bytes)"), r.text());
        }
        assertTrue(gateway.calls.isEmpty());
        assertEquals(200, get("/overview").status());
    }

    private RawReply upload(Form form) throws IOException {
        byte[] body = form.finish();
        String head = "POST /jars/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token() + "\r\nContent-Type: "
                + form.contentType() + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        return exchange(request.toByteArray(), Duration.ofSeconds(20));
    }

    @Test
    void garbageOnTheSocketClosesTheConnectionAndTheServerGoesOn() throws Exception {
        start();
        Random random = new Random(42);
        for (int attempt = 0; attempt < 5; attempt++) {
            byte[] garbage = new byte[8192];
            random.nextBytes(garbage);
            assertClosedAfter(garbage);
        }
        assertClosedAfter("GET /overview HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertClosedAfter("POST /jobs HTTP/1.1\r\nContent-Length: -5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, get("/overview").status());
        assertTrue(gateway.submitted.isEmpty());
    }

    @Test
    void aMalformedEscapeInThePathIsA400() throws Exception {
        start();
        try (Socket socket = new Socket("127.0.0.1", address.getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write("GET /jobs/%zz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), "answered: " + answer);
            assertTrue(answer.contains("malformed URI"), answer);
        }
        assertTrue(gateway.calls.isEmpty());
    }

    private void assertClosedAfter(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", address.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                return; // closed while we were still writing
            }
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // the 400 answer, then the end of the stream
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept a connection open after garbage", e);
            } catch (IOException e) {
                // reset: closed as well
            }
        }
    }
}
