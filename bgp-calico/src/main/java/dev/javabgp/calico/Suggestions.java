package dev.javabgp.calico;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** The nearest known word to a misspelt one, for "did you mean" hints. */
final class Suggestions {

    private Suggestions() {}

    /** The known word {@code given} most likely meant, or null if none is close. */
    static String nearest(String given, Collection<String> known) {
        for (String k : known) {
            if (k.equalsIgnoreCase(given)) {
                return k;
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(given.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // Within a third of the word, at least two edits: beyond that the hint misleads more than it helps.
        return best != null && bestDistance <= Math.max(2, given.length() / 3) ? best : null;
    }

    /** "; did you mean "x"?" or nothing. */
    static String hint(String given, Collection<String> known) {
        String n = nearest(given, known);
        return n == null ? "" : "; did you mean \"" + n + "\"?";
    }

    static String list(Collection<String> words) {
        List<String> w = List.copyOf(words);
        return w.stream().collect(Collectors.joining(", "));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
