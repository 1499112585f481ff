package dev.spindle.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChallengeResponseTest {
    @TempDir
    Path dir;

    @Test
    void onlyTheSameSecretProducesTheProof() {
        ClusterSecret secret = ClusterSecret.generate();
        byte[] s = ChallengeResponse.newNonce();
        byte[] c = ChallengeResponse.newNonce();
        byte[] proof = ChallengeResponse.clientProof(secret, s, c);
        assertTrue(ChallengeResponse.matches(proof, ChallengeResponse.clientProof(secret, s, c)));
        assertFalse(ChallengeResponse.matches(proof, ChallengeResponse.clientProof(ClusterSecret.generate(), s, c)));
        assertFalse(
                ChallengeResponse.matches(
                        proof, ChallengeResponse.clientProof(secret, ChallengeResponse.newNonce(), c)),
                "a proof is bound to its connection's nonces");
        assertFalse(
                ChallengeResponse.matches(proof, ChallengeResponse.serverProof(secret, s, c)),
                "a client proof cannot be reflected as a server proof");
        assertFalse(ChallengeResponse.matches(proof, null));
    }

    /**
     * Known answers: secret 00 01 .. 1f, server nonce 20 21 .. 3f, client nonce 40 41 .. 5f.
     * Computed with OpenSSL, not Java, as HMAC-SHA256 of the role label followed by both nonces:
     * <pre>
     * K=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
     * S=202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f
     * C=404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f
     * { printf spindle-client; echo -n $S$C | xxd -r -p; } | openssl dgst -sha256 -mac HMAC -macopt hexkey:$K
     * { printf spindle-server; echo -n $S$C | xxd -r -p; } | openssl dgst -sha256 -mac HMAC -macopt hexkey:$K
     * </pre>
     * (and the same with Python's hmac, engine/src/test/python/golden_vectors.py). Processes of two
     * versions must still authenticate each other.
     */
    @Test
    void proofsAreTheDocumentedHmacs() {
        HexFormat hex = HexFormat.of();
        ClusterSecret secret =
                ClusterSecret.of(hex.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
        byte[] serverNonce = hex.parseHex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
        byte[] clientNonce = hex.parseHex("404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f");
        assertEquals(
                "fd5466c083169c7b4f2439bbad64553707679baa56f3241529a9d7de9f11b5a9",
                hex.formatHex(ChallengeResponse.clientProof(secret, serverNonce, clientNonce)));
        assertEquals(
                "abd47620a3a0ac8af5478335163d1fff09bf87c3784eb73ebd3da00afbfcb53b",
                hex.formatHex(ChallengeResponse.serverProof(secret, serverNonce, clientNonce)));
    }

    /** The file format: the key's lowercase hex digits on one line. */
    @Test
    void theSecretFileIsHexOnOneLine() throws Exception {
        String hexKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        Path file = dir.resolve("written");
        ClusterSecret.of(HexFormat.of().parseHex(hexKey)).writeTo(file);
        assertEquals(hexKey + "\n", Files.readString(file));
        Path given = dir.resolve("given");
        Files.writeString(given, hexKey.toUpperCase(java.util.Locale.ROOT) + "\n");
        assertEquals(ClusterSecret.of(HexFormat.of().parseHex(hexKey)), ClusterSecret.readFrom(given));
    }

    @Test
    void theSecretRoundTripsThroughAnOwnerOnlyFileAndNeverPrints() throws Exception {
        ClusterSecret secret = ClusterSecret.generate();
        Path file = dir.resolve("secret");
        secret.writeTo(file);
        assertEquals(secret, ClusterSecret.readFrom(file));
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("ClusterSecret(redacted)", secret.toString());
        assertArrayEquals(secret.key(), ClusterSecret.readFrom(file).key());
    }
}
