package dev.spindle.rest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Hides the values of configuration keys that name a secret before the REST endpoint shows a
 * configuration ({@code /jobmanager/config}, {@code /jobs/{jobid}/config}): a key whose name contains
 * password, secret, token, key, credential or auth (in any case) is shown with {@value #HIDDEN}.
 * Deliberately broad: showing a harmless value hidden costs little, showing a password costs much.
 */
final class Redaction {
    static final String HIDDEN = "******";

    private static final Pattern SENSITIVE = Pattern.compile("password|secret|token|key|credential|auth");

    private Redaction() {}

    static boolean isSensitive(String key) {
        return SENSITIVE.matcher(key.toLowerCase(Locale.ROOT)).find();
    }

    /** A sorted copy of {@code config} with the values of sensitive keys hidden. */
    static Map<String, String> redact(Map<String, String> config) {
        Map<String, String> shown = new TreeMap<>();
        config.forEach((k, v) -> shown.put(k, isSensitive(k) ? HIDDEN : v));
        return shown;
    }
}
