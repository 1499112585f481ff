package dev.spindle.config;

import java.util.Collection;

/** The known key nearest to a misspelt one, for the warning about an unknown key. */
public final class KeySuggestions {
    private KeySuggestions() {}

    /**
     * The key of {@code known} at the smallest edit distance from {@code key}, if it is close
     * enough to be a likely misspelling (at most a quarter of the key's length, and at least 2
     * edits allowed); null otherwise. Ties go to the first in {@code known}'s order.
     */
    public static String nearest(String key, Collection<String> known) {
        int allowed = Math.max(2, key.length() / 4);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= allowed ? best : null;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
