package dev.spindle.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RestTokensTest {
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
