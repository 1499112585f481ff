package dev.spindle.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual challenge–response authentication with the cluster secret; the secret itself never
 * crosses the wire. Every connection (RPC and data) runs it before anything else, in the frames
 * of the handshake in {@code dev.spindle.security.handshake}:
 *
 * <ol>
 *   <li>server → client: a fresh 32-byte server nonce;</li>
 *   <li>client → server: a fresh client nonce and {@code clientProof(secret, serverNonce, clientNonce)};</li>
 *   <li>server checks the proof (on failure: log, close, process nothing) and answers
 *       {@code serverProof(secret, serverNonce, clientNonce)}, which the client checks, so that a
 *       client does not send jobs to a server that does not hold the secret either.</li>
 * </ol>
 * Proofs are HMAC-SHA256 over a role label and both nonces, so a proof cannot be replayed on
 * another connection or reflected back in the other role.
 */
public final class ChallengeResponse {
    public static final int NONCE_BYTES = 32;
    public static final int PROOF_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChallengeResponse() {}

    public static byte[] newNonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    public static byte[] clientProof(ClusterSecret secret, byte[] serverNonce, byte[] clientNonce) {
        return proof(secret, "spindle-client", serverNonce, clientNonce);
    }

    public static byte[] serverProof(ClusterSecret secret, byte[] serverNonce, byte[] clientNonce) {
        return proof(secret, "spindle-server", serverNonce, clientNonce);
    }

    /** Compares in constant time. */
    public static boolean matches(byte[] expected, byte[] actual) {
        return actual != null && MessageDigest.isEqual(expected, actual);
    }

    private static byte[] proof(ClusterSecret secret, String role, byte[] serverNonce, byte[] clientNonce) {
        if (serverNonce.length != NONCE_BYTES || clientNonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("nonces are " + NONCE_BYTES + " bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            mac.update(role.getBytes(StandardCharsets.US_ASCII));
            mac.update(serverNonce);
            mac.update(clientNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
