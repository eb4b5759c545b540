package dev.trellis.samples;

import static org.junit.jupiter.api.Assertions.fail;

/** Relative-error assertions: |actual - expected| <= rel * |expected|. */
public final class Tolerance {
    private Tolerance() {}

    public static void assertRelative(double expected, double actual, double rel, String what) {
        if (!(Math.abs(actual - expected) <= rel * Math.abs(expected))) {
            fail(what + ": expected " + expected + " but was " + actual + " (relative error "
                    + Math.abs(actual - expected) / Math.abs(expected) + " > " + rel + ")");
        }
    }

    public static void assertRelative(double[][] expected, double[][] actual, double rel, String what) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " rows but was " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].length != actual[i].length) {
                fail(what + "[" + i + "]: expected " + expected[i].length + " entries but was " + actual[i].length);
            }
            for (int j = 0; j < expected[i].length; j++) {
                assertRelative(expected[i][j], actual[i][j], rel, what + "[" + i + "][" + j + "]");
            }
        }
    }
}
