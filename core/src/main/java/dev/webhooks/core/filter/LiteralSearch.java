package dev.webhooks.core.filter;

/**
 * Finds a literal in a text in time linear in both (Knuth-Morris-Pratt), checking the evaluation's bounds as it goes.
 * {@code String.indexOf} compares naively: a long needle of repeated characters in a long text of the same costs their
 * product, inside one call the evaluator's checks never interrupt.
 */
final class LiteralSearch {

    private static final int CHECK_EVERY = 1 << 16;

    private final String needle;
    private final int[] fallback;

    LiteralSearch(String needle) {
        this.needle = needle;
        this.fallback = new int[needle.length()];
        for (int i = 1, matched = 0; i < needle.length(); i++) {
            while (matched > 0 && needle.charAt(i) != needle.charAt(matched)) {
                matched = fallback[matched - 1];
            }
            if (needle.charAt(i) == needle.charAt(matched)) {
                matched++;
            }
            fallback[i] = matched;
        }
    }

    /** The first index at or after {@code from} where the needle starts in {@code text}, or -1. */
    int indexIn(String text, int from) {
        if (needle.isEmpty()) {
            return Math.min(from, text.length());
        }
        EvaluationBounds bounds = EvaluationBounds.current();
        int matched = 0;
        for (int i = Math.max(0, from); i < text.length(); i++) {
            if (bounds != null && (i & (CHECK_EVERY - 1)) == 0) {
                bounds.checkpoint();
            }
            while (matched > 0 && text.charAt(i) != needle.charAt(matched)) {
                matched = fallback[matched - 1];
            }
            if (text.charAt(i) == needle.charAt(matched)) {
                matched++;
            }
            if (matched == needle.length()) {
                return i - needle.length() + 1;
            }
        }
        return -1;
    }

    static int indexOf(String text, String needle) {
        return new LiteralSearch(needle).indexIn(text, 0);
    }
}
