package dev.spindle.security.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.security.ChallengeResponse;
import dev.spindle.security.ClusterSecret;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Plays either side of the {@link Handshake} byte by byte on a plain socket, to send what the
 * real handlers never would: another protocol's magic or version, a wrong proof, an oversize
 * frame, or nothing at all.
 */
public final class RawHandshake {
    private RawHandshake() {}

    /** Reads the server's HELLO, checks that it is {@code magic}'s of {@code version}, and returns its nonce. */
    public static byte[] readHello(Socket s, int magic, short version) throws IOException {
        s.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] hello = new byte[in.readInt()];
        in.readFully(hello);
        assertEquals(1 + 4 + 2 + ChallengeResponse.NONCE_BYTES, hello.length, "HELLO's length");
        DataInputStream fields = new DataInputStream(new java.io.ByteArrayInputStream(hello));
        assertEquals(Handshake.HELLO, fields.readByte(), "HELLO's type");
        assertEquals(magic, fields.readInt(), "HELLO's magic");
        assertEquals(version, fields.readShort(), "HELLO's version");
        return Arrays.copyOfRange(hello, 7, hello.length);
    }

    /** Sends AUTH under {@code magic} and {@code version} with a proof made with {@code secret}. */
    public static void writeAuth(Socket s, ClusterSecret secret, byte[] serverNonce, int magic, short version)
            throws IOException {
        byte[] clientNonce = ChallengeResponse.newNonce();
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(1 + 4 + 2 + 2 * ChallengeResponse.NONCE_BYTES);
        out.writeByte(Handshake.AUTH);
        out.writeInt(magic);
        out.writeShort(version);
        out.write(clientNonce);
        out.write(ChallengeResponse.clientProof(secret, serverNonce, clientNonce));
        out.flush();
    }

    /** Sends a frame of {@code bytes} zero bytes after its length prefix; a server that hangs up midway is fine. */
    public static void writeFrame(Socket s, int bytes) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        try {
            out.writeInt(bytes);
            out.write(new byte[bytes]);
            out.flush();
        } catch (SocketException e) {
            // reset: the server closed while we wrote
        }
    }

    /** Reads until the peer ends the connection (EOF or reset); fails if it is still open after the socket's timeout. */
    public static void assertClosedByPeer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read() != -1) {
                // nothing the peer says before it hangs up matters here
            }
        } catch (SocketTimeoutException e) {
            fail("the peer kept the connection open for " + s.getSoTimeout() + " ms");
        } catch (SocketException e) {
            // reset by the peer: closed as well
        }
    }
}
