package dev.trellis.samples.pinned;

import static org.junit.jupiter.api.Assertions.fail;

import dev.trellis.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Compares recomputed values with pinned ones and collects every mismatch, so that one failing case lists all that
 * moved (the useful report when a new pipeline is checked against the old one), not just the first.
 *
 * <p>Paths, assignments, flags and shapes must be equal. Doubles must agree to {@code rel} relative to the pinned
 * value; a pinned 0 or non-finite value must be matched exactly (an impossible entry stays impossible).
 */
final class PinnedComparison {
    private static final int SHOWN = 20;

    private final double rel;
    private final List<String> mismatches = new ArrayList<>();
    private int compared;
    private double largestRelative;

    PinnedComparison(double rel) {
        this.rel = rel;
    }

    void number(String what, double expected, double actual) {
        compared++;
        if (!Double.isFinite(expected) || expected == 0) {
            if (Double.compare(expected == 0 ? 0.0 : expected, actual == 0 ? 0.0 : actual) != 0) {
                mismatches.add(what + ": pinned " + expected + ", now " + actual);
            }
            return;
        }
        double relative = Math.abs(actual - expected) / Math.abs(expected);
        if (!(relative <= rel)) {
            mismatches.add(what + ": pinned " + expected + ", now " + actual + " (relative " + relative + ")");
        }
        if (relative > largestRelative || Double.isNaN(relative)) {
            largestRelative = relative;
        }
    }

    void numbers(String what, double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            mismatches.add(what + ": pinned " + expected.length + " values, now " + actual.length);
            return;
        }
        for (int i = 0; i < expected.length; i++) {
            number(what + "[" + i + "]", expected[i], actual[i]);
        }
    }

    void matrix(String what, double[][] expected, double[][] actual) {
        if (expected.length != actual.length) {
            mismatches.add(what + ": pinned " + expected.length + " rows, now " + actual.length);
            return;
        }
        for (int i = 0; i < expected.length; i++) {
            numbers(what + "[" + i + "]", expected[i], actual[i]);
        }
    }

    /** Shapes equal, then the values in row-major order. */
    void tensor(String what, Tensor expected, Tensor actual) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            mismatches.add(what + ": pinned shape " + Arrays.toString(expected.shape()) + ", now "
                    + Arrays.toString(actual.shape()));
            return;
        }
        numbers(what, expected.toArray(), actual.toArray());
    }

    void exact(String what, int[] expected, int[] actual) {
        compared++;
        if (!Arrays.equals(expected, actual)) {
            mismatches.add(what + ": pinned " + Arrays.toString(expected) + ", now " + Arrays.toString(actual));
        }
    }

    void exact(String what, Object expected, Object actual) {
        compared++;
        if (!expected.equals(actual)) {
            mismatches.add(what + ": pinned " + expected + ", now " + actual);
        }
    }

    /** The names of a group of values (sites, globals) must be the same, in any order. */
    void names(String what, Set<String> expected, Set<String> actual) {
        exact(what + " names", expected, actual);
    }

    /** Fails with every mismatch (the first {@value #SHOWN} listed) if there is one. */
    void assertNone(String context) {
        if (compared == 0) {
            fail(context + ": nothing was compared");
        }
        if (!mismatches.isEmpty()) {
            fail(context + ": " + mismatches.size() + " of " + compared + " pinned values differ (tolerance " + rel
                    + " relative; largest relative difference " + largestRelative + "):\n  "
                    + String.join("\n  ", mismatches.subList(0, Math.min(SHOWN, mismatches.size())))
                    + (mismatches.size() > SHOWN ? "\n  ..." : ""));
        }
    }

    /** {@return the largest relative difference of a finite nonzero pinned double so far} */
    double largestRelative() {
        return largestRelative;
    }
}
