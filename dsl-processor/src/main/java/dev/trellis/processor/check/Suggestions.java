package dev.trellis.processor.check;

import java.util.List;
import java.util.Locale;

/** The "did you mean" hint of messages about an unknown name: the closest known name, if one is close. */
public final class Suggestions {
    /** Names further apart than this (in edits) are not suggested. */
    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    /**
     * {@return {@code " (did you mean 'x'?)"} for the name among {@code names} closest to {@code unknown} (ignoring
     * case, at most two edits away; the first of equally close ones), or {@code ""}}
     */
    public static String closest(String unknown, List<String> names) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (String name : names) {
            int distance = editDistance(unknown.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = name;
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Levenshtein distance, two rows at a time. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
