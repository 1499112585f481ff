package dev.spindle.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bearer token that authorizes mutating REST requests ({@code Authorization: Bearer <token>}).
 * It is derived from the cluster secret, so whoever holds the secret can compute it and the secret
 * itself never crosses the wire. Until the endpoint has TLS the token is only as safe as the
 * network path (hence the loopback default of {@code rest.bind-address}); it must never be logged
 * or put in a URL.
 */
public final class RestTokens {
    private static final String LABEL = "spindle-rest-token";

    private RestTokens() {}

    /** {@code hex(HMAC-SHA256(secret, "spindle-rest-token"))}. */
    public static String restToken(ClusterSecret secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.key(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(LABEL.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Whether an {@code Authorization} header value carries the secret's token; compares in
     * constant time. A null or differently shaped header does not match.
     */
    public static boolean matchesAuthorizationHeader(ClusterSecret secret, String header) {
        String prefix = "Bearer ";
        if (header == null || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        byte[] given = header.substring(prefix.length()).trim().getBytes(StandardCharsets.US_ASCII);
        return ChallengeResponse.matches(restToken(secret).getBytes(StandardCharsets.US_ASCII), given);
    }
}
