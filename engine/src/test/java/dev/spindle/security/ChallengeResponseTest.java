package dev.spindle.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
        assertFalse(ChallengeResponse.matches(proof, ChallengeResponse.clientProof(secret, ChallengeResponse.newNonce(), c)),
                "a proof is bound to its connection's nonces");
        assertFalse(ChallengeResponse.matches(proof, ChallengeResponse.serverProof(secret, s, c)),
                "a client proof cannot be reflected as a server proof");
        assertFalse(ChallengeResponse.matches(proof, null));
    }

    @Test
    void theSecretRoundTripsThroughAnOwnerOnlyFileAndNeverPrints() throws Exception {
        ClusterSecret secret = ClusterSecret.generate();
        Path file = dir.resolve("secret");
        secret.writeTo(file);
        assertEquals(secret, ClusterSecret.readFrom(file));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("ClusterSecret(redacted)", secret.toString());
        assertArrayEquals(secret.key(), ClusterSecret.readFrom(file).key());
    }
}
