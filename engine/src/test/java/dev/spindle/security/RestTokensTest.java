package dev.spindle.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RestTokensTest {
    /**
     * Known answer: the secret 00 01 .. 1f. Computed with OpenSSL, not Java:
     * {@code printf 'spindle-rest-token' | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f}
     * (and the same with Python's hmac, engine/src/test/python/golden_vectors.py). Tokens handed out
     * by one version must stay valid with the next, and clients in other languages derive them too.
     */
    @Test
    void theTokenIsTheDocumentedHmacOfTheSecret() {
        ClusterSecret secret = ClusterSecret.of(
                HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
        assertEquals("72ecde3b4c2cef906f680a83bb26849fa6bda4d29e8e606ae41b5068ec7392a8", RestTokens.restToken(secret));
        assertTrue(RestTokens.matchesAuthorizationHeader(
                secret, "Bearer 72ecde3b4c2cef906f680a83bb26849fa6bda4d29e8e606ae41b5068ec7392a8"));
    }

    @Test
    void theTokenIsDerivedFromTheSecretOnly() {
        ClusterSecret secret = ClusterSecret.of(new byte[32]);
        String token = RestTokens.restToken(secret);
        assertEquals(64, token.length());
        assertTrue(token.matches("[0-9a-f]{64}"));
        assertEquals(token, RestTokens.restToken(ClusterSecret.of(new byte[32])));
        assertNotEquals(token, RestTokens.restToken(ClusterSecret.generate()));
    }

    @Test
    void onlyTheBearerHeaderWithTheTokenMatches() {
        ClusterSecret secret = ClusterSecret.generate();
        String token = RestTokens.restToken(secret);
        assertTrue(RestTokens.matchesAuthorizationHeader(secret, "Bearer " + token));
        assertTrue(RestTokens.matchesAuthorizationHeader(secret, "bearer " + token));
        assertFalse(RestTokens.matchesAuthorizationHeader(secret, token));
        assertFalse(RestTokens.matchesAuthorizationHeader(secret, "Basic " + token));
        assertFalse(RestTokens.matchesAuthorizationHeader(secret, "Bearer " + token.substring(1)));
        assertFalse(RestTokens.matchesAuthorizationHeader(secret, "Bearer "));
        assertFalse(RestTokens.matchesAuthorizationHeader(secret, null));
        assertFalse(RestTokens.matchesAuthorizationHeader(ClusterSecret.generate(), "Bearer " + token));
    }
}
